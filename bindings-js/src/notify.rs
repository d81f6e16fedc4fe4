//! `notify` namespace and the `NotifySettings` class: which notifications an event makes due
//! (`sportello::notify`). Events, contexts and notifications are plain objects in the core's JSON
//! shape (types `NotifyEvent`, `NotifyContext`, `Notification`); the settings are a class, loaded
//! (and their templates checked) once. The JSON shape `NotifySettings` is named
//! `import('./types/index').NotifySettings` in TypeScript, as the class of the same name hides it.
use sportello::notify as core;

use crate::{Instant, Obj, Ref};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    settings::entries(v, c);
}

mod functions {
    use super::*;
    crate::functions! { "notify";
        /// The notifications `event` makes due: to whom (the citizen, the office's operators, the
        /// calendar's contact), through which channel, in which language and words; `now` is
        /// needed only by the booking reminder. The library sends nothing; ids are stable.
        fn due(
            event: core::Event as "NotifyEvent",
            settings: Ref<core::NotifySettings>,
            notify_context: core::NotifyContext as "NotifyContext",
            now: Option<Instant>
        ) -> Vec<core::Notification> as "Notification[]" {
            core::due(&event, &*settings.get()?, &notify_context, now.map(|n| n.0))?
        }
        /// The variables a template of the event kind may use.
        fn template_variables(kind: core::EventKind as "NotifyEventKind") -> Vec<String> {
            core::template_variables(kind).into_iter().map(str::to_owned).collect::<Vec<String>>()
        }
    }
}

mod settings {
    use super::*;
    crate::class! {
        /// A service's notification settings (its "messages" tab), validated as a whole when
        /// loaded: unknown events, operators switched off and template errors are refused there.
        NotifySettings = core::NotifySettings;
        /// Parses and validates the documented JSON.
        static fn from_json(json: String) -> Obj<core::NotifySettings> { Obj(core::NotifySettings::from_json(&json).map_err(crate::umbrella)?) }
        /// Validates the plain JSON-shaped object (what `toObject` gives).
        static fn from_object(value: core::NotifySettings as "import('./types/index').NotifySettings") -> Obj<core::NotifySettings> {
            value.validate()?;
            Obj(value)
        }
        /// The documented JSON (defaults written out).
        fn to_json(this) -> String { this.to_json() }
        /// The plain JSON-shaped object.
        fn to_object(this) -> core::NotifySettings as "import('./types/index').NotifySettings" { this.clone() }
        /// The languages the service writes in, the default first.
        get languages(this) -> Vec<sportello::practice::Lang> as "PracticeLang[]" { this.languages.clone() }
        /// The citizen's channels of every event without its own.
        get channels(this) -> Vec<core::Channel> as "NotifyChannel[]" { this.channels.clone() }
    }
}
