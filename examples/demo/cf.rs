//! Demo section for `cf`: codice fiscale and partita IVA on built-in data.
use sportello::cf::{self, piva, places, Declared, Person, Sex};
use sportello::Coded;

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap_or_default()
}

pub fn run() {
    let today = date("2026-11-23");
    println!("== Codice fiscale (cf) — reference date {today}");

    println!("\n-- Validation levels, each with its own error code");
    for code in [
        "RSSMRA80A01H501U",
        " tinit-rssmra80a01h501u ",
        "RSSMRA80A01H501A",
        "RSSMRA80B31H501W",
        "RSSMRA80A99H501Y",
        "RSSMRA80A01Z999Y",
        "RSSMRA80A01H50",
    ] {
        match cf::validate(code) {
            Ok(c) => println!("  {code:26} valid ({c})"),
            Err(e) => println!("  {code:26} {:18} {e}", e.code()),
        }
    }

    println!("\n-- Decoding (century chosen against today; birthplace as on the birth date)");
    for code in ["RSSMRAULALMHRLMD", "CNTFNC84R44H5L1E", "RSSMRA30A01A355N", "RSSMRA80A01M376P", "RSSMRA26A01H501M"] {
        match cf::decode(code, today) {
            Ok(d) => {
                let bp = &d.birthplace;
                let born = d.birth_date.map(|b| b.to_string()).unwrap_or_else(|| "undetermined".into());
                let prov = bp.province.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
                let warn = if d.warnings.is_empty() { String::new() } else { format!("  warnings: {}", d.warnings.join(", ")) };
                println!("  {code}  {:?} born {born} in {}{prov} [{}]  canonical {}{warn}", d.sex, bp.name, bp.code, d.canonical);
            }
            Err(e) => println!("  {code}  error {}", e.code()),
        }
    }

    println!("\n-- Omocodia: 128 variants of one identity, all valid, all the same person");
    if let Ok(all) = cf::omocodes("RSSMRA85T10A562S") {
        println!("  {} variants: {}, {}, {} ... {}", all.len(), all[0], all[1], all[2], all[127]);
        println!("  same_person({}, {}) = {}", all[0], all[127], cf::same_person(&all[0], &all[127]));
    }

    println!("\n-- Encoding (accents, apostrophes, double names; birthplace by code or by name)");
    let people = [
        ("D'Annunzio", "Gabriele", Sex::M, "1863-03-12", "G482", None),
        ("Bianchi", "Anna Maria", Sex::F, "1975-12-31", "Milano", None),
        ("Öz", "Li", Sex::F, "2001-02-28", "Germania", None),
        ("Rossi", "Mario", Sex::M, "1980-01-01", "Castro", Some("LE")),
        ("Rossi", "Mario", Sex::M, "1980-01-01", "Castro", None),
    ];
    for (surname, name, sex, born, place, province) in people {
        let p = Person {
            surname: surname.into(),
            name: name.into(),
            sex,
            birth_date: date(born),
            birthplace: place.into(),
            province: province.map(Into::into),
        };
        let who = format!("{surname} {name}, {born}, {place}{}", province.map(|p| format!(" ({p})")).unwrap_or_default());
        match cf::encode(&p) {
            Ok(c) => println!("  {who:45} -> {c}"),
            Err(e) => println!("  {who:45} -> {}: {e}", e.code()),
        }
    }

    println!("\n-- A registration form: the code checked against the declared data");
    let declared = Declared {
        surname: Some("Rossi".into()),
        name: Some("Anna".into()),
        sex: Some(Sex::F),
        birth_date: Some(date("1980-01-01")),
        birthplace: Some("Milano".into()),
        province: None,
    };
    if let Ok(r) = cf::matches_declared("RSSMRA80A01H501U", &declared) {
        println!("  RSSMRA80A01H501U vs Rossi Anna, F, 1980-01-01, Milano: matches={} mismatched={:?}", r.matches, r.mismatched);
    }
    let legacy = Declared { surname: Some("Alù".into()), ..Default::default() };
    for code in ["LAXMRA76E10H501Z", "LAUMRA76E10H501Q"] {
        if let Ok(r) = cf::matches_declared(code, &legacy) {
            println!("  {code} vs surname Alù (pre-2011 X / post-2011 U): {:?}", r.fields.surname);
        }
    }

    println!("\n-- Places (Belfiore table with validity periods)");
    for p in places::history("A089") {
        let to = p.valid_to.map(|d| d.to_string()).unwrap_or_else(|| "today".into());
        println!("  A089 {:12} {} .. {to}", p.name, p.valid_from);
    }
    let hits: Vec<String> = places::search("San Giov", Some(today), 4).into_iter().map(|p| format!("{} {}", p.code, p.name)).collect();
    println!("  search \"San Giov\": {}", hits.join(", "));

    println!("\n-- Partita IVA and other 11-digit codes");
    for code in ["83000390019", "VATIT-00743110157", "12345678901", "00000000000"] {
        match piva::validate(code) {
            Ok(c) => println!("  {code:18} valid ({c})"),
            Err(e) => println!("  {code:18} {:18} {e}", e.code()),
        }
    }
    println!();
}
