//! PNML and BPMN of a service's lifecycle, built from the audit's deterministic automaton: no two
//! transitions leaving one place carry the same label, so token replay never has to guess.

use super::audit::Auditor;
use super::status::Status;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

impl Auditor {
    /// The lifecycle as a Petri net (PNML 2009 core model, with ProM's marks for the silent
    /// transitions and the final marking, as pm4py reads them). Places: `source` (initial
    /// marking), one per state of the audit's deterministic automaton (`p0` = the draft), `sink`
    /// (final marking). Transitions: `t1000` from `source` to `p0`, then one per edge of the
    /// automaton labelled with the status code entered, and a silent `end` transition from every
    /// state a practice may rest in to `sink`. The same configuration always gives the same text.
    pub fn to_pnml(&self) -> String {
        let states = self.automaton();
        let mut places = String::new();
        let mut transitions = String::new();
        let mut arcs = String::new();
        let mut arc = |from: &str, to: &str| {
            let n = arcs.matches("<arc ").count();
            arcs.push_str(&format!("      <arc id=\"a{n}\" source=\"{from}\" target=\"{to}\"/>\n"));
        };
        places.push_str("      <place id=\"source\"><name><text>source</text></name><initialMarking><text>1</text></initialMarking></place>\n");
        let draft = Status::Draft.code();
        transitions.push_str(&format!("      <transition id=\"t{draft}\"><name><text>{draft}</text></name></transition>\n"));
        arc("source", &format!("t{draft}"));
        arc(&format!("t{draft}"), "p0");
        for (i, (status, transient, edges)) in states.iter().enumerate() {
            let name = esc(&format!("{} {}", status.code(), status.label()));
            places.push_str(&format!("      <place id=\"p{i}\"><name><text>{name}</text></name></place>\n"));
            for (to, j) in edges {
                let id = format!("p{i}_{}", to.code());
                transitions.push_str(&format!("      <transition id=\"{id}\"><name><text>{}</text></name></transition>\n", to.code()));
                arc(&format!("p{i}"), &id);
                arc(&id, &format!("p{j}"));
            }
            if !transient {
                let id = format!("end{i}");
                transitions.push_str(&format!(
                    "      <transition id=\"{id}\"><name><text>end</text></name><toolspecific tool=\"ProM\" version=\"6.4\" activity=\"$invisible$\" localNodeID=\"{id}\"/></transition>\n"
                ));
                arc(&format!("p{i}"), &id);
                arc(&id, "sink");
            }
        }
        places.push_str("      <place id=\"sink\"><name><text>sink</text></name></place>\n");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pnml>\n  <net id=\"practice\" type=\"http://www.pnml.org/version-2009/grammar/pnmlcoremodel\">\n    <name><text>practice lifecycle</text></name>\n    <page id=\"page\">\n{places}{transitions}{arcs}    </page>\n    <finalmarkings>\n      <marking>\n        <place idref=\"sink\"><text>1</text></place>\n      </marking>\n    </finalmarkings>\n  </net>\n</pnml>\n"
        )
    }

    /// The lifecycle as a BPMN 2.0 process (no diagram layout): a start event, one task per edge
    /// of the audit's deterministic automaton (named by the status code and label entered), one
    /// exclusive gateway per state, and an end event reached from every state a practice may rest
    /// in. Deterministic, like [`Auditor::to_pnml`].
    pub fn to_bpmn(&self) -> String {
        let states = self.automaton();
        let mut nodes = String::new();
        let mut flows = String::new();
        let mut flow = |from: &str, to: &str| {
            let n = flows.matches("<sequenceFlow ").count();
            flows.push_str(&format!("    <sequenceFlow id=\"f{n}\" sourceRef=\"{from}\" targetRef=\"{to}\"/>\n"));
        };
        let task = |id: &str, s: Status| format!("    <task id=\"{id}\" name=\"{}\"/>\n", esc(&format!("{} {}", s.code(), s.label())));
        nodes.push_str("    <startEvent id=\"start\"/>\n");
        nodes.push_str(&task("t1000", Status::Draft));
        flow("start", "t1000");
        flow("t1000", "g0");
        for (i, (_, transient, edges)) in states.iter().enumerate() {
            nodes.push_str(&format!("    <exclusiveGateway id=\"g{i}\"/>\n"));
            for (to, j) in edges {
                let id = format!("g{i}_{}", to.code());
                nodes.push_str(&task(&id, *to));
                flow(&format!("g{i}"), &id);
                flow(&id, &format!("g{j}"));
            }
            if !transient {
                flow(&format!("g{i}"), "end");
            }
        }
        nodes.push_str("    <endEvent id=\"end\"/>\n");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"definitions\" targetNamespace=\"https://sportello.example/practice\">\n  <process id=\"practice\" name=\"practice lifecycle\" isExecutable=\"false\">\n{nodes}{flows}  </process>\n</definitions>\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::ServiceConfig;

    #[test]
    fn exports_are_deterministic_and_labels_never_shared_from_one_place() {
        let config: ServiceConfig = serde_json::from_str(r#"{"protocolRequired": true, "allowWithdrawal": true, "allowReopening": true}"#).unwrap();
        let a = Auditor::new(&config);
        assert_eq!(a.to_pnml(), Auditor::new(&config).to_pnml());
        assert_eq!(a.to_bpmn(), Auditor::new(&config).to_bpmn());
        let pnml = a.to_pnml();
        assert!(pnml.contains("<transition id=\"t1000\"><name><text>1000</text></name></transition>"));
        assert!(pnml.contains("activity=\"$invisible$\""));
        for (_, _, edges) in a.automaton() {
            let mut labels: Vec<u32> = edges.iter().map(|(s, _)| s.code()).collect();
            let n = labels.len();
            labels.dedup();
            assert_eq!(labels.len(), n);
        }
        let bpmn = a.to_bpmn();
        assert!(bpmn.contains("name=\"1500 In attesa di pagamento\"") || !bpmn.contains("1500"));
        assert!(bpmn.contains("dell&apos;esito") || !bpmn.contains("1510"));
        assert_eq!(bpmn.matches("<sequenceFlow ").count(), bpmn.matches("sourceRef=").count());
    }
}
