//! The built-in news packs on real traps and on the seed article.

mod common;

use hedgelint::rule::{builtin, load_rules};
use hedgelint::{Document, Format, Linter};

fn linter() -> Linter {
    let mut set = load_rules(&builtin::sources()).expect("built-in rules load");
    set.select(&[], &[]).expect("default selection");
    Linter::new(set).expect("matcher builds")
}

/// (rule id, matched text) of every finding in `text`.
fn findings(text: &str) -> Vec<(String, String)> {
    let doc = Document::from_text(text, Format::Plain);
    linter()
        .lint(&doc)
        .unwrap()
        .into_iter()
        .map(|f| (f.rule.id.clone(), f.matched))
        .collect()
}

#[test]
fn word_sense_traps_pass() {
    for text in [
        "The election will be held on May 4.",
        "Workers marched on May Day.",
        "The parade showed off the country's military might.",
        "Insurance claims rose by 12 percent last year.",
        "Some 300 people marched through the city on Saturday.",
        "Unemployment fell, according to the Labor Department.",
        "According to North Korea, the talks fell apart.",
        "Per NBC News, the sister threatened military action.",
        "As reported by Global News, Ri said the country would build up its forces.",
        "The company may have to cut jobs next year.",
        "The theft was reported to police on Monday.",
        "“Kim probably thinks that Trump will have to give him what he wants,” the report reads.",
    ] {
        assert_eq!(findings(text), Vec::<(String, String)>::new(), "{text}");
    }
}

#[test]
fn hedges_and_weasels_are_flagged() {
    let cases = [
        (
            "The minister reportedly resigned.",
            "Attribution.Reportedly",
            "reportedly",
        ),
        (
            "It is believed that the fire started in the kitchen.",
            "Attribution.AgentlessPassive",
            "It is believed that",
        ),
        (
            "Sources say the deal is off.",
            "Attribution.AnonymousSource",
            "Sources say",
        ),
        (
            "Critics argue the plan will raise rents.",
            "Attribution.VagueSource",
            "Critics argue",
        ),
        (
            "According to reports, 22 passengers were Cuban.",
            "Attribution.AccordingTo",
            "According to reports",
        ),
        (
            "Whether it will work remains to be seen.",
            "Hedging.Speculation",
            "remains to be seen",
        ),
        (
            "The fire may have started in the kitchen.",
            "Hedging.Modal",
            "may have started",
        ),
        (
            "The economy has almost certainly shrunk.",
            "Hedging.Approximator",
            "almost certainly",
        ),
        (
            "It is unclear whether the talks will resume.",
            "Hedging.UnclearWhether",
            "It is unclear whether",
        ),
    ];
    for (text, rule, matched) in cases {
        let got = findings(text);
        assert!(
            got.iter().any(|(r, m)| r == rule && m == matched),
            "{text}: expected {rule} on {matched:?}, got {got:?}"
        );
    }
}

#[test]
fn a_short_scare_quote_is_not_a_quotation() {
    let got = findings("The pandemic has “almost certainly” pushed the economy into contraction.");
    assert_eq!(
        got,
        vec![(
            "Hedging.Approximator".to_owned(),
            "almost certainly".to_owned()
        )]
    );
}

#[test]
fn interview_turns_are_the_speakers_words() {
    let text = "Intro paragraph.\n\n((WN)) What happens next?\n\n((Dr Smith)) Probably the planet will form.\n\nMaybe five or ten.\n\n((WN)) And then?\n\n((Dr Smith)) It may well cool.\n";
    assert_eq!(findings(text), Vec::<(String, String)>::new());
    // One turn per speaker is not a transcript: the answers are the article's own words.
    let text = "Intro paragraph.\n\n((WN)) What happens next?\n\n((Dr Smith)) Probably the planet will form.\n";
    assert_eq!(
        findings(text),
        [("Hedging.Probably".to_owned(), "Probably".to_owned())]
    );
}

#[test]
fn a_list_read_out_inside_an_answer_does_not_end_the_turn() {
    let rows: String = (1..=8).map(|i| format!("Layer {i}: 7\n\n")).collect();
    let text = format!(
        "Intro paragraph.\n\n((WN)) What did you count?\n\n((Dr Smith)) These ones.\n\n{rows}\
         It really seems like they chose the ribs on purpose.\n\n\
         ((WN)) And then?\n\n((Dr Smith)) It may well cool.\n"
    );
    assert_eq!(findings(&text), Vec::<(String, String)>::new());
}

#[test]
fn a_source_named_after_a_colon_does_not_cover_the_clause_before_it() {
    let text = "The order appears to allow him to move funds: potentially, according to Al Jazeera, $3.6 billion.";
    assert_eq!(
        findings(text),
        [("Hedging.AppearsSeems".to_owned(), "appears to".to_owned())]
    );
    let text = "Polls revealed him gaining ground; perhaps due, the group's president indicated, to his stances.";
    assert_eq!(
        findings(text),
        [(
            "Attribution.UnnamedStudies".to_owned(),
            "Polls revealed".to_owned()
        )]
    );
}

#[test]
fn british_and_continental_quotations_are_the_speakers_words() {
    let none = Vec::<(String, String)>::new();
    for text in [
        "‘The army will reportedly withdraw next week,’ the minister’s aide said.",
        "‘The Joneses’ house may well be sold next week,’ the agent said.",
        "Er sagte: „Die Armee wird sich angeblich zurückziehen, reportedly“, und ging.",
        "The mayor said « the plant could reportedly close next year » on Monday.",
        "“She told me ‘they may reportedly come back’ and left,” he said.",
    ] {
        assert_eq!(findings(text), none, "{text}");
    }
    // Apostrophes open nothing: the hedge after them is the writer's.
    assert_eq!(
        findings("The O’Briens’ dog reportedly bit a neighbour in the ’90s."),
        [("Attribution.Reportedly".to_owned(), "reportedly".to_owned())]
    );
}

#[test]
fn an_inch_mark_does_not_open_a_quotation() {
    assert_eq!(
        findings("A 12\" water main burst and the road will reportedly close for days."),
        [("Attribution.Reportedly".to_owned(), "reportedly".to_owned())]
    );
}

#[test]
fn opt_in_weasel_pack_runs_only_when_selected() {
    let text = "Many people consider it one of the best films of the decade.";
    assert!(
        findings(text)
            .iter()
            .all(|(r, _)| !r.starts_with("Weasel."))
    );
    let mut set = load_rules(&builtin::sources()).unwrap();
    set.select(&["Weasel".to_owned()], &[]).unwrap();
    let doc = Document::from_text(text, Format::Plain);
    let got: Vec<String> = Linter::new(set)
        .unwrap()
        .lint(&doc)
        .unwrap()
        .into_iter()
        .map(|f| f.rule.id.clone())
        .collect();
    assert_eq!(got, ["Weasel.Quantifier", "Weasel.Peacock"]);
}

#[test]
fn seed_article_full_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = common::run_in(root, &["check", "seeds/pen-pal-diplomacy.txt"], None);
    insta::assert_snapshot!(r.transcript());
}

/// Regression input from the `lint_markdown` fuzzer: a sentence over 1 KiB sends a look-around
/// `unless` pattern to a worker thread, which must be joined once it has finished.
#[test]
fn fuzz_regression_long_sentence_with_look_around_unless() {
    let path = common::fixtures().join("fuzz/lint_markdown-leak.md");
    let text = std::fs::read_to_string(path).unwrap();
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::from_text(&text, format);
        let (findings, errors) = linter().lint_all(&doc);
        assert!(errors.is_empty(), "{errors:?}");
        for f in &findings {
            assert_eq!(f.matched, text[f.span.clone()]);
        }
    }
}

#[test]
fn one_span_gets_one_finding_from_the_most_specific_rule() {
    // VagueSource (a warning) and VagueQuantifier (a suggestion) both match this phrase.
    assert_eq!(
        findings("The plan was criticised in some quarters."),
        vec![(
            "Attribution.VagueSource".to_owned(),
            "in some quarters".to_owned()
        )]
    );
}

/// Concise output of the built-in rules over fixture files in `tests/fixtures/text`.
fn concise_text_fixtures(files: &[&str]) -> String {
    let mut args = vec!["check", "--format", "concise"];
    args.extend(files);
    common::run_in(&common::fixtures().join("text"), &args, None).transcript()
}

#[test]
fn editorial_labels_captions_and_bylines_do_not_make_a_transcript() {
    assert_eq!(
        concise_text_fixtures(&["labels.txt"]),
        "\
exit: 1
--- stdout
labels.txt:5:14: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
labels.txt:7:10: warning[Hedging.Modal] 'may have been' speculates about what happened. Do we know?
labels.txt:11:4: warning[Attribution.VagueSource] 'is widely believed' leans on an unnamed crowd. Who, exactly?
labels.txt:13:19: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
labels.txt:17:14: warning[Attribution.AgentlessPassive] 'is said to be': by whom? The sentence hides who holds this view.
--- stderr
"
    );
}

#[test]
fn question_and_answer_and_alternating_speakers_are_transcripts() {
    assert_eq!(
        concise_text_fixtures(&["qa-transcript.txt", "named-transcript.txt"]),
        "\
exit: 1
--- stdout
named-transcript.txt:3:15: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
qa-transcript.txt:3:49: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
--- stderr
"
    );
}

#[test]
fn a_closing_vague_tag_is_flagged_and_its_named_twin_is_not() {
    assert_eq!(
        findings("The merger will collapse, analysts said."),
        vec![(
            "Attribution.VagueSource".to_owned(),
            "analysts said".to_owned()
        )]
    );
    assert_eq!(
        findings("The merger will collapse, Goldman Sachs analysts said."),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn a_condition_that_only_matches_the_phrase_itself_does_not_cancel_it() {
    // "forecast" is one of Hedging.Likely's attribution words; here it is the hedge itself.
    assert_eq!(
        findings("Growth is forecast to slow next year."),
        vec![("Hedging.Likely".to_owned(), "is forecast to".to_owned())]
    );
    assert_eq!(
        findings("Growth is forecast to slow next year, the Bank of England said."),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn vague_sources_with_any_verb_and_in_any_position() {
    for (text, rule, matched) in [
        (
            "Sources report she is treated as royalty.",
            "Attribution.AnonymousSource",
            "Sources report",
        ),
        (
            "Activists claim safety rules are ignored.",
            "Attribution.VagueSource",
            "Activists claim",
        ),
        (
            "According to eyewitnesses, the boy jumped.",
            "Attribution.AccordingTo",
            "According to eyewitnesses",
        ),
        (
            "Local media reported most of the dead suffocated.",
            "Attribution.SecondHandReport",
            "Local media reported",
        ),
        (
            "Traders expect the bank to cut rates.",
            "Attribution.VagueSource",
            "Traders expect",
        ),
    ] {
        assert_eq!(
            findings(text),
            vec![(rule.to_owned(), matched.to_owned())],
            "{text}"
        );
    }
}
