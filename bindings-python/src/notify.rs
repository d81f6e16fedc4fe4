//! `sportello.notify`: which notifications an event makes due. Events, contexts and notifications
//! are dicts (or JSON strings) in the core's documented JSON shape; the settings are a class,
//! loaded (and their templates checked) once.
use pyo3::prelude::*;
use pyo3::types::PyString;
use sportello::notify as core;

use crate::{arg_err, err, from_py, name_of, to_py, Arg, Instant, Str};

/// Settings from their JSON text (the core's `from_json`) or a dict (the shape, then `validate`).
fn load_settings(obj: &Bound<'_, PyAny>) -> PyResult<core::NotifySettings> {
    if let Ok(s) = obj.cast::<PyString>() {
        return core::NotifySettings::from_json(&crate::text(s)?).map_err(err);
    }
    let settings: core::NotifySettings = from_py(obj)?;
    settings.validate().map_err(err)?;
    Ok(settings)
}

crate::record! {
    /// A service's notification settings (its "messages" tab), validated as a whole when loaded.
    NotifySettings(core::NotifySettings) in "sportello.notify", frozen; load = load_settings;
    |v, py| {
        languages: Vec<String> = v.languages.iter().map(name_of).collect(),
        channels: Vec<String> = v.channels.iter().map(name_of).collect(),
    }
}

crate::functions! { register; classes: NotifySettings;
    /// The notifications `event` makes due (a list of dicts in the `Notification` shape); `now` is
    /// needed only by the booking reminder.
    #[pyo3(signature = (event, settings, notify_context, now=None))]
    fn due<'py>(
        py: Python<'py>,
        event: &Bound<'py, PyAny>,
        settings: Arg<PyRef<'py, NotifySettings>>,
        notify_context: &Bound<'py, PyAny>,
        now: Option<Instant>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event: core::Event = from_py(event)?;
        let context: core::NotifyContext = from_py(notify_context)?;
        let due = core::due(&event, &settings.inner, &context, now.map(|n| n.0)).map_err(err)?;
        to_py(py, &due)
    }
    /// The variables a template of the event kind may use.
    fn template_variables(kind: Str) -> PyResult<Vec<&'static str>> {
        Ok(core::template_variables(core::EventKind::from_name(&kind).ok_or_else(|| arg_err(format!("kind: unknown event kind {:?}", &*kind)))?))
    }
}
