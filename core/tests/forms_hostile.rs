//! Hostile input to the JavaScript translator and the JSON Logic engine: each returns (a result
//! or a coded error) without deep recursion — the work runs in a thread with a small stack — and
//! in linear time. No test measures time: the inputs are sized so that a quadratic algorithm
//! would take minutes (a regression shows as a hang), and the limits are asserted exactly.
use serde_json::{json, Value};
use sportello::forms::{apply_logic, translate_js, Form, FormsError, Logic, MAX_JS_BYTES, MAX_JS_DEPTH, MAX_RULE_DEPTH};
use sportello::Coded;

/// Runs `f` in a thread with a 256 KiB stack: recursion driven by the input would overflow it.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    with_stack(256 * 1024, f)
}

fn with_stack<T: Send + 'static>(bytes: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(bytes).spawn(f).unwrap().join().unwrap()
}

fn code(r: &Result<Value, FormsError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// `show = <terms joined by sep>`, as long as fits in [`MAX_JS_BYTES`].
fn chain(term: &str, sep: &str) -> (String, usize) {
    let mut src = format!("show = {term}");
    let mut n = 1;
    while src.len() + sep.len() + term.len() <= MAX_JS_BYTES {
        src.push_str(sep);
        src.push_str(term);
        n += 1;
    }
    (src, n)
}

fn op_args<'a>(rule: &'a Value, op: &str) -> &'a Vec<Value> {
    rule.get(op).and_then(Value::as_array).unwrap_or_else(|| panic!("not a {op}: {rule}"))
}

#[test]
fn long_flat_chains_become_one_n_ary_operation() {
    small_stack(|| {
        // ~21,800 terms: the former quadratic translator took minutes on a tenth of this.
        for (sep, op) in [(" || ", "or"), (" && ", "and"), (" + ", "+"), (" * ", "*")] {
            let (src, n) = chain("1", sep);
            assert!(n > 10_000, "{n}");
            let rule = translate_js(&src, "show").unwrap();
            assert_eq!(op_args(&rule, op).len(), n, "{op}");
            // The rule compiles and evaluates without recursing per term.
            let logic = Logic::compile(&rule).unwrap();
            let expected = if op == "+" { n as f64 } else { 1.0 };
            assert_eq!(logic.apply(&Value::Null).as_f64(), Some(expected), "{op}");
        }
        // `data.a || data.b || ...` with data paths.
        let (src, n) = chain("data.a", "||");
        let rule = translate_js(&src, "show").unwrap();
        assert_eq!(op_args(&rule, "or").len(), n);
        assert_eq!(Logic::compile(&rule).unwrap().apply(&json!({"data": {"a": 0}})), json!(0));
        // String `+` is one `cat`.
        let (src, n) = chain("'x'", " + ");
        let rule = translate_js(&src, "show").unwrap();
        assert_eq!(op_args(&rule, "cat").len(), n);
        assert_eq!(apply_logic(&rule, &Value::Null).unwrap().as_str().map(str::len), Some(n));
        // `a ? 1 : b ? 2 : ...` is one `if`.
        let src = format!("show = {}0", "data.a ? 1 : ".repeat(5_000));
        let rule = translate_js(&src, "show").unwrap();
        assert_eq!(op_args(&rule, "if").len(), 10_001);
        assert_eq!(apply_logic(&rule, &json!({"data": {"a": false}})).unwrap().as_f64(), Some(0.0));
        // A long data path.
        let (src, _) = chain("data", ".b");
        let rule = translate_js(&src, "show").unwrap();
        assert!(rule["var"].as_str().is_some_and(|p| p.len() > MAX_JS_BYTES - 100));
    });
}

#[test]
fn deep_nesting_is_refused_with_a_code() {
    small_stack(|| {
        let deep = |prefix: &str, suffix: &str, n: usize| format!("show = {}data.a{}", prefix.repeat(n), suffix.repeat(n));
        for src in [
            deep("!", "", 60_000),
            deep("- ", "", 30_000),
            deep("(", ")", 30_000),
            deep("(", "", 60_000),
            deep("!(", ")", 20_000),
            deep("_.isEmpty(", ")", 5_000),
            deep("data.b ? ", " : 0", 5_000),
            deep("1 - (", ")", 10_000),
            deep("", ".trim()", 9_000),
            deep("", " - 1", 15_000),
            deep("", " === 1", 10_000),
        ] {
            let got = translate_js(&src, "show");
            assert_eq!(code(&got), "forms.js_too_deep", "{}...", &src[..40]);
            if let Err(FormsError::JsTooDeep { max, .. }) = got {
                assert_eq!(max, MAX_JS_DEPTH);
            }
        }
    });
}

#[test]
fn the_depth_limit_is_exact_and_below_the_engine_one() {
    // `!` n times on `data.a`: the rule is n + 1 levels deep (`{"var": "data.a"}` is one).
    let rule = small_stack(|| {
        let too_deep = format!("show = {}data.a", "!".repeat(MAX_JS_DEPTH));
        assert_eq!(code(&translate_js(&too_deep, "show")), "forms.js_too_deep");
        // As many parentheses (each a pending group) as the limit.
        let parens = |n: usize| format!("show = {}data.a{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(translate_js(&parens(MAX_JS_DEPTH), "show").unwrap(), json!({"var": "data.a"}));
        assert_eq!(code(&translate_js(&parens(MAX_JS_DEPTH + 1), "show")), "forms.js_too_deep");
        translate_js(&format!("show = {}data.a", "!".repeat(MAX_JS_DEPTH - 1)), "show").unwrap()
    });
    // Any translated rule compiles: the engine accepts deeper rules (compiling and evaluating
    // recurse once per level: 4 MiB is for the large frames of a debug build), and refuses past
    // its own limit.
    const { assert!(MAX_JS_DEPTH < MAX_RULE_DEPTH) };
    with_stack(4 << 20, move || {
        let logic = Logic::compile(&rule).unwrap();
        assert_eq!(logic.apply(&json!({"data": {"a": 1}})), json!((MAX_JS_DEPTH - 1) % 2 == 0));
        let mut rule = json!({"var": "data.a"});
        for _ in 0..MAX_RULE_DEPTH {
            let mut m = serde_json::Map::new();
            m.insert("!".into(), Value::Array(vec![rule]));
            rule = Value::Object(m);
        }
        assert_eq!(Logic::compile(&rule).unwrap_err().code(), "forms.rule_too_deep");
        rule = rule["!"][0].take();
        assert_eq!(Logic::compile(&rule).unwrap().apply(&json!({"data": {"a": 1}})), json!(false));
    });
}

#[test]
fn too_long_source_is_refused_with_a_code() {
    small_stack(|| {
        let src = format!("show = data.a{}", " ".repeat(MAX_JS_BYTES));
        match translate_js(&src, "show") {
            Err(FormsError::JsTooLong { length, max, .. }) => {
                assert_eq!((length, max), (src.len(), MAX_JS_BYTES));
            }
            other => panic!("{other:?}"),
        }
        let hostile = format!("show = {}data.a", "!".repeat(100_000));
        assert_eq!(code(&translate_js(&hostile, "show")), "forms.js_too_long");
    });
}

#[test]
fn a_form_names_the_component_of_a_hostile_snippet() {
    small_stack(|| {
        let form = |js: String| {
            json!({"display": "form", "components": [
                {"type": "textfield", "key": "a", "label": "A", "input": true},
                {"type": "textfield", "key": "b", "label": "B", "input": true, "customConditional": js},
            ]})
        };
        let deep = format!("show = {}data.a", "!".repeat(1_000));
        match Form::from_formio(&form(deep)) {
            Err(e @ FormsError::JsTooDeep { .. }) => {
                assert_eq!(e.code(), "forms.js_too_deep");
                assert!(matches!(&e, FormsError::JsTooDeep { path, .. } if path == "b"), "{e:?}");
            }
            other => panic!("{other:?}"),
        }
        let long = format!("show = data.a{}", ";".repeat(MAX_JS_BYTES));
        assert_eq!(Form::from_formio(&form(long)).err().map(|e| e.code()), Some("forms.js_too_long"));
        // A long flat chain is accepted and evaluates.
        let (flat, _) = chain("data.a === 'x'", " || ");
        let f = Form::from_formio(&form(flat)).unwrap();
        let shown = f.evaluate(&json!({"a": "x"}), &Default::default()).unwrap();
        let hidden = f.evaluate(&json!({"a": "y"}), &Default::default()).unwrap();
        let visible = |e: &sportello::forms::Evaluation| serde_json::to_value(e).unwrap()["visible"].to_string();
        assert!(visible(&shown).contains("\"b\""), "{}", visible(&shown));
        assert!(!visible(&hidden).contains("\"b\""), "{}", visible(&hidden));
    });
}

/// `{"reduce": [{"var": "xs"}, rule, initial]}` over 0..n.
fn reduce(n: usize, rule: Value, initial: Value) -> Value {
    let xs: Vec<Value> = (0..n).map(|i| json!({"n": i, "s": "x"})).collect();
    apply_logic(&json!({"reduce": [{"var": "xs"}, rule, initial]}), &json!({ "xs": xs })).unwrap()
}

#[test]
fn array_operations_are_linear_in_the_array() {
    // 100,000 items: a step that copied the accumulator or the item list would take minutes.
    small_stack(|| {
        const N: usize = 100_000;
        let sum = reduce(N, json!({"+": [{"var": "accumulator"}, {"var": "current.n"}]}), json!(0));
        assert_eq!(sum.as_f64(), Some((N * (N - 1) / 2) as f64));
        let all = reduce(N, json!({"merge": [{"var": "accumulator"}, [{"var": "current.n"}]]}), json!([]));
        assert_eq!(all.as_array().map(Vec::len), Some(N));
        assert_eq!(all[N - 1], json!(N - 1));
        let text = reduce(N, json!({"cat": [{"var": "accumulator"}, {"var": "current.s"}]}), json!(""));
        assert_eq!(text.as_str().map(str::len), Some(N));
        // A step returning the accumulator (or part of the data) unchanged does not copy it.
        let kept = reduce(N, json!({"if": [{"<": [{"var": "current.n"}, 0]}, [], {"var": "accumulator"}]}), json!(vec!["big"; 1000]));
        assert_eq!(kept.as_array().map(Vec::len), Some(1000));
        let count = reduce(N, json!({"+": [{"var": "accumulator"}, {"if": [{"var": "accumulator.nope"}, 0, 1]}]}), json!(0));
        assert_eq!(count.as_f64(), Some(N as f64));
        let xs: Vec<Value> = (0..N).map(|i| json!([i])).collect();
        let data = json!({ "xs": xs });
        let run = |rule: Value| apply_logic(&rule, &data).unwrap();
        assert_eq!(run(json!({"map": [{"var": "xs"}, {"var": "0"}]})).as_array().map(Vec::len), Some(N));
        assert_eq!(run(json!({"filter": [{"var": "xs"}, {"var": ""}]})).as_array().map(Vec::len), Some(N));
        assert_eq!(run(json!({"all": [{"var": "xs"}, {"var": ""}]})), json!(true));
        assert_eq!(run(json!({"some": [{"var": "xs"}, {"==": [{"var": "0"}, N - 1]}]})), json!(true));
        assert_eq!(run(json!({"none": [{"var": "xs"}, {"var": "1"}]})), json!(true));
        assert_eq!(run(json!({"merge": [{"var": "xs"}, {"var": "xs"}]})).as_array().map(Vec::len), Some(2 * N));
        assert_eq!(run(json!({"in": [[N - 1], {"var": "xs"}]})), json!(false));
        assert_eq!(run(json!({"cat": [{"var": "xs"}]})).as_str().map(|s| s.split(',').count()), Some(N));
        assert_eq!(run(json!({"missing": {"var": "xs"}})).as_array().map(Vec::len), Some(N));
    });
}

#[test]
fn a_rule_reading_many_paths_is_analysed_in_linear_time() {
    small_stack(|| {
        // 100,000 distinct paths: a list searched for duplicates would take minutes.
        const N: usize = 100_000;
        let reads: Vec<Value> = (0..N).map(|i| json!({"var": format!("a{i}")})).collect();
        let logic = Logic::compile(&json!({"or": reads})).unwrap();
        let paths = logic.data_paths().unwrap();
        assert_eq!(paths.len(), N);
        assert_eq!(paths[N - 1], format!("a{}", N - 1));
        assert_eq!(logic.vars().len(), N);
        assert_eq!(logic.apply(&json!({ format!("a{}", N - 1): "x" })), json!("x"));
    });
}

/// Nested forms referenced by id that each include the next twice would expand to 2^30
/// components: the load stops at `MAX_COMPONENTS` with `forms.invalid`, and a form that includes
/// itself through another is refused without expanding at all.
#[test]
fn nested_forms_by_id_cannot_blow_up() {
    use sportello::forms::{FormOptions, MAX_COMPONENTS};
    let mut options = FormOptions::default();
    for i in 0..30 {
        let next = json!({"type": "form", "key": format!("n{i}"), "form": format!("f{}", i + 1)});
        let leaf = json!({"type": "textfield", "key": "x"});
        let comps =
            if i == 29 { json!([leaf]) } else { json!([next.clone(), {"type": "form", "key": format!("m{i}"), "form": format!("f{}", i + 1)}]) };
        options.forms.insert(format!("f{i}"), json!({ "components": comps }));
    }
    let form = json!({"components": [{"type": "form", "key": "top", "form": "f0"}]});
    // The expansion's recursion is bounded by the component depth limit (64) as any form's is.
    let err = with_stack(4 << 20, move || Form::from_formio_with(&form, &options).map(|_| ()).map_err(|e| (e.code(), e.to_string()))).unwrap_err();
    assert_eq!(err.0, "forms.invalid");
    assert!(err.1.contains(&format!("more than {MAX_COMPONENTS} components")), "{}", err.1);

    let mut options = FormOptions::default();
    options.forms.insert("a".into(), json!({"components": [{"type": "form", "key": "b", "form": "b"}]}));
    options.forms.insert("b".into(), json!({"components": [{"type": "form", "key": "a", "form": "a"}]}));
    let form = json!({"components": [{"type": "form", "key": "top", "form": "a"}]});
    let err = Form::from_formio_with(&form, &options).map(|_| ()).unwrap_err();
    assert_eq!(err.code(), "forms.invalid");
    assert!(err.to_string().contains("includes itself"), "{err}");
}

#[test]
fn a_session_writes_a_grid_of_many_edited_rows_in_linear_time() {
    use sportello::forms::{EvalContext, FormSession};
    // Every row of a 200,000-row grid is edited (a default set, a hidden value cleared): the
    // cleaned submission is written from the edits without building it, and a quadratic walk of
    // the rows would take minutes.
    let form = Form::from_formio(&json!({"components": [{"type": "datagrid", "key": "g", "components": [
        {"type": "number", "key": "q", "defaultValue": 1},
        {"type": "textfield", "key": "n", "conditional": {"show": true, "when": "q", "eq": 2}}
    ]}]}))
    .unwrap();
    let rows: Vec<Value> = (0..200_000).map(|i| json!({"n": format!("r{i}")})).collect();
    let mut session = FormSession::new(json!({})).unwrap();
    let (e, cleaned) = session.update_view(&form, json!({"g": rows}), &EvalContext::default()).unwrap();
    assert!(e.valid);
    let text = serde_json::to_string(&cleaned).unwrap();
    assert!(text.starts_with(r#"{"g":[{"q":1},{"q":1},"#) && text.len() == 6 + 200_000 * 8 - 1 + 2, "{}", &text[..60]);
    assert_eq!(text, serde_json::to_string(&cleaned.into_value()).unwrap());
}
