//! Encoding a person's data into a codice fiscale.

use chrono::{Datelike, NaiveDate};

use super::code::{self, MONTH_LETTERS};
use super::places;
use super::translit::{for_each_letter, Mode};
use super::{CfError, Person, Sex};

fn is_vowel(c: u8) -> bool {
    matches!(c, b'A' | b'E' | b'I' | b'O' | b'U')
}

/// Consonants (first 4) and vowels (first 3) of a name, and whether it had any letter.
struct Letters {
    consonants: [u8; 4],
    n_cons: usize,
    vowels: [u8; 3],
    n_vow: usize,
}

fn split(s: &str, mode: Mode) -> Letters {
    let mut l = Letters { consonants: [0; 4], n_cons: 0, vowels: [0; 3], n_vow: 0 };
    for_each_letter(s, mode, |c| {
        if is_vowel(c) {
            if let Some(slot) = l.vowels.get_mut(l.n_vow) {
                *slot = c;
                l.n_vow += 1;
            }
        } else if let Some(slot) = l.consonants.get_mut(l.n_cons) {
            *slot = c;
            l.n_cons += 1;
        }
    });
    l
}

/// Consonants, then vowels, then `X`, first three.
fn fill(l: &Letters, skip_second_consonant: bool) -> [u8; 3] {
    let mut out = [b'X'; 3];
    let cons: &[u8] = l.consonants.get(..l.n_cons).unwrap_or(&[]);
    let mut picked = cons.iter().enumerate().filter(|(i, _)| !(skip_second_consonant && *i == 1)).map(|(_, &c)| c);
    let mut vowels = l.vowels.iter().take(l.n_vow).copied();
    for slot in out.iter_mut() {
        match picked.next().or_else(|| vowels.next()) {
            Some(c) => *slot = c,
            None => break,
        }
    }
    out
}

/// The three letters of a surname (`None` when it has no letter).
pub(crate) fn surname_code(s: &str, mode: Mode) -> Option<[u8; 3]> {
    let l = split(s, mode);
    (l.n_cons + l.n_vow > 0).then(|| fill(&l, false))
}

/// The three letters of a first name: 1st, 3rd and 4th consonant when it has 4 or more.
pub(crate) fn name_code(s: &str, mode: Mode) -> Option<[u8; 3]> {
    let l = split(s, mode);
    (l.n_cons + l.n_vow > 0).then(|| fill(&l, l.n_cons >= 4))
}

/// Year, month and day characters (positions 7..11).
pub(crate) fn date_code(date: NaiveDate, sex: Sex) -> [u8; 5] {
    let yy = date.year().rem_euclid(100) as u8;
    let month = MONTH_LETTERS.get(date.month0() as usize).copied().unwrap_or(b'A');
    let day = date.day() as u8 + if sex == Sex::F { 40 } else { 0 };
    [b'0' + yy / 10, b'0' + yy % 10, month, b'0' + day / 10, b'0' + day % 10]
}

pub(crate) fn encode(person: &Person) -> Result<String, CfError> {
    let surname = surname_code(&person.surname, Mode::Modern).ok_or(CfError::Name { field: "surname".into() })?;
    let name = name_code(&person.name, Mode::Modern).ok_or(CfError::Name { field: "name".into() })?;
    let place = places::resolve(&person.birthplace, person.province.as_deref(), person.birth_date)?;
    let mut out = [0u8; 16];
    out[..3].copy_from_slice(&surname);
    out[3..6].copy_from_slice(&name);
    out[6..11].copy_from_slice(&date_code(person.birth_date, person.sex));
    let pc = place.code.as_bytes();
    if pc.len() != 4 {
        return Err(CfError::PlaceUnknown { place: place.code.clone() }); // ok: codes are 4 bytes
    }
    out[11..15].copy_from_slice(pc);
    out[15] = code::check_char(&out);
    Ok(code::ascii_string(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(c: Option<[u8; 3]>) -> String {
        String::from_utf8(c.unwrap().to_vec()).unwrap()
    }

    #[test]
    fn name_parts() {
        assert_eq!(s(surname_code("Rossi", Mode::Modern)), "RSS");
        assert_eq!(s(surname_code("Fo", Mode::Modern)), "FOX");
        assert_eq!(s(surname_code("D'Annunzio", Mode::Modern)), "DNN");
        assert_eq!(s(surname_code("Öz", Mode::Modern)), "ZOX");
        assert_eq!(s(surname_code("Alù", Mode::Modern)), "LAU");
        assert_eq!(s(surname_code("Alù", Mode::Legacy)), "LAX");
        assert_eq!(s(name_code("Pietro Antonio Stefano", Mode::Modern)), "PRN");
        assert_eq!(s(name_code("Michelangelo", Mode::Modern)), "MHL");
        assert_eq!(s(name_code("Mario", Mode::Modern)), "MRA");
        assert_eq!(s(name_code("Li", Mode::Modern)), "LIX");
        assert_eq!(s(name_code("Zoë", Mode::Modern)), "ZOE");
        assert_eq!(surname_code("'- 3", Mode::Modern), None);
    }
}
