"""A registration endpoint in Flask: the portal's form and the codice fiscale, checked by sportello.

POST /registrazione with the form's JSON. The answer is 200 with the cleaned data, or 422 with
one error per field, each with a stable code the page can translate:

    {"errors": [{"path": "codiceFiscale", "code": "cf.check_char", "message": "..."}]}

The form (a Form.io definition, `registration_form.json`) is compiled once at start-up; each
request only evaluates it. Run it with `flask --app examples/python/flask_registration.py run`.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from flask import Flask, jsonify, request

from sportello import SportelloError, cf, forms

FORM = forms.Form.from_formio(json.loads((pathlib.Path(__file__).parent / "registration_form.json").read_text(encoding="utf-8")))
TEXT = ("nome", "cognome", "codiceFiscale", "email", "codiceFiscaleDelegante")
app = Flask(__name__)


@app.post("/registrazione")
def registrazione():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(errors=[{"path": "", "code": "json", "message": "il corpo della richiesta deve essere un oggetto JSON"}]), 400
    try:
        result = FORM.evaluate(data, today=dt.date.today())
    except SportelloError as e:  # a value of the wrong shape: the form's own error, with its path
        return jsonify(errors=[{"path": e.details.get("path", ""), "code": e.code, "message": str(e)}]), 422
    errors = [{"path": e.path, "code": e.code, "message": e.message} for e in result.errors]
    # Form.io checks a text field's rules, not its JSON type: a client could send an object.
    errors += [{"path": key, "code": "type", "message": "deve essere un testo"}
               for key in TEXT if key in result.visible and key in result.data and not isinstance(result.data[key], str)]
    # The form checks the shape; the codice fiscale's own rules (check character, omocodes, the
    # place and date it encodes) and its agreement with the declared name come from the cf module.
    for path in ("codiceFiscale", "codiceFiscaleDelegante"):
        code = result.data.get(path)
        if path in result.visible and isinstance(code, str) and not any(e["path"] == path for e in errors):
            problem = cf.validate_many([code])[0]
            if problem:
                errors.append({"path": path, "code": problem, "message": "codice fiscale non valido"})
    code = result.data.get("codiceFiscale")
    if not errors:
        mismatch = cf.matches(code, surname=result.data["cognome"], name=result.data["nome"]).mismatched
        errors += [{"path": field, "code": "cf.mismatch", "message": "non corrisponde al codice fiscale"}
                   for field in ({"surname": "cognome", "name": "nome"}[m] for m in mismatch)]
    if errors:
        return jsonify(errors=errors), 422
    return jsonify(data=result.data, canonical=cf.canonical(code))
