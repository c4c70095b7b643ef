//! Direct quotations inside a block of text, and the speaker turns of interview transcripts.

use std::collections::HashMap;
use std::ops::Range;

/// How many words a quotation must have to count as a direct quotation rather than a
/// scare quote ('almost certainly').
pub const SCARE_QUOTE_MAX_WORDS: usize = 3;

/// Ranges (byte offsets into `block`, inside the quote marks) of the direct quotations in
/// `block`: text between “ and ” or between straight double quotes, longer than
/// [`SCARE_QUOTE_MAX_WORDS`] words. A quotation left open runs to the end of the block.
pub fn quotations(block: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in block.char_indices() {
        match (c, open) {
            ('“', None) => open = Some((i + c.len_utf8(), '”')),
            ('"', None) => open = Some((i + 1, '"')),
            (close, Some((start, expected))) if close == expected => {
                out.push(start..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        out.push(start..block.len());
    }
    out.retain(|r| block[r.clone()].split_whitespace().count() > SCARE_QUOTE_MAX_WORDS);
    out
}

/// How many paragraphs after a speaker label still belong to that speaker's turn.
pub const TURN_CONTINUATION_BLOCKS: usize = 4;

/// Blocks of fewer words than this are list rows or table lines, not paragraphs of speech.
const SHORT_LINE_WORDS: usize = 6;

/// True for a block too short to be a paragraph of prose: a list row, a table line, a caption.
pub fn is_short_line(block: &str) -> bool {
    block.split_whitespace().nth(SHORT_LINE_WORDS - 1).is_none()
}

/// Labels that open editorial notes, captions, fact boxes and bylines, never a speaker's turn.
const EDITORIAL_LABELS: &[&str] = &[
    "ADDENDUM",
    "ALSO READ",
    "ANALYSIS",
    "AUTHOR",
    "BACKGROUND",
    "BREAKING",
    "BYLINE",
    "CLARIFICATION",
    "CONTACT",
    "CORRECTION",
    "CORRECTIONS",
    "COST",
    "DATE",
    "DATELINE",
    "DEVELOPING",
    "DISCLOSURE",
    "EDITOR",
    "EMAIL",
    "ERRATUM",
    "EXCLUSIVE",
    "FACT CHECK",
    "FACTBOX",
    "HOW",
    "INFO",
    "KEY FACTS",
    "LIVE",
    "LOCATION",
    "MORE",
    "NOTE",
    "OPINION",
    "PHONE",
    "POSTED",
    "PUBLISHED",
    "READ MORE",
    "RELATED",
    "REPORTER",
    "SEE ALSO",
    "SOURCE",
    "SOURCES",
    "TAGS",
    "TICKETS",
    "TIMELINE",
    "TOPICS",
    "UPDATE",
    "UPDATED",
    "VENUE",
    "WARNING",
    "WATCH",
    "WEBSITE",
    "WHAT",
    "WHEN",
    "WHERE",
    "WHO",
    "WHY",
    "WRITER",
];

/// Words that make a label a caption or a credit (`PHOTO:`, `AP PHOTO:`, `VIDEO:`).
const CAPTION_WORDS: &[&str] = &[
    "CAPTION", "CHART", "CREDIT", "CREDITS", "GRAPHIC", "IMAGE", "IMAGES", "LISTEN", "MAP",
    "PHOTO", "PHOTOS", "PICTURE", "PICTURES", "VIDEO",
];

/// The speaker label `block` opens with, if any: `((Name))`, `Q:`, `A:` or an upper-case
/// `NAME:` of one to three words (emphasis markers around it are ignored). Editorial labels
/// (`UPDATE:`, `READ MORE:`, `WHAT:`), captions (`PHOTO:`) and bylines (`BY JANE DOE:`) are not
/// speaker labels.
pub fn speaker_label(block: &str) -> Option<&str> {
    let b = block.trim_start();
    if let Some(rest) = b.strip_prefix("((") {
        let end = rest.find("))")?;
        let name = rest[..end].trim();
        return (!name.is_empty() && end <= 60).then_some(name);
    }
    let b = b.trim_start_matches(['*', '_']);
    let colon = b.find(':')?;
    if colon > 40 {
        return None;
    }
    let label = b[..colon].trim_end_matches(['*', '_']).trim_end();
    let words: Vec<&str> = label.split_whitespace().collect();
    let well_formed = (1..=3).contains(&words.len())
        && label.starts_with(|c: char| c.is_uppercase())
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-'));
    let editorial = EDITORIAL_LABELS.contains(&words.join(" ").as_str())
        || words.iter().any(|w| CAPTION_WORDS.contains(w))
        || words.first() == Some(&"BY");
    (well_formed && !editorial).then_some(label)
}

/// True when `block` opens with a speaker label (see [`speaker_label`]). Whether it is a turn
/// of a transcript depends on the rest of the document (see [`transcript_turns`]).
pub fn is_transcript_turn(block: &str) -> bool {
    speaker_label(block).is_some()
}

/// Whether a label is the question or the answer side of a Q/A interview.
fn question_or_answer(label: &str) -> Option<bool> {
    match label.trim_end_matches('.') {
        "Q" | "QUESTION" => Some(true),
        "A" | "ANSWER" => Some(false),
        _ => None,
    }
}

/// The indexes of the blocks that open a speaker's turn, when `blocks` read as an interview
/// transcript; empty otherwise. A document is a transcript when a `Q:` turn is answered by an
/// `A:` turn, or when at least two speakers take turns in alternation, each more than once.
/// One label, or labels of a single speaker, are not enough.
pub fn transcript_turns<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let labelled: Vec<(usize, &str)> = blocks
        .into_iter()
        .enumerate()
        .filter_map(|(i, b)| speaker_label(b).map(|l| (i, l)))
        .collect();
    let answered = labelled.windows(2).any(|w| {
        question_or_answer(w[0].1) == Some(true) && question_or_answer(w[1].1) == Some(false)
    });
    // Runs of turns by the same speaker are one turn.
    let mut turns: Vec<&str> = labelled.iter().map(|&(_, l)| l).collect();
    turns.dedup();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for t in &turns {
        *count.entry(t).or_default() += 1;
    }
    let mut repeated: Vec<&str> = turns.iter().copied().filter(|l| count[l] > 1).collect();
    repeated.dedup();
    // A, B, A, B: two speakers who each come back after the other.
    let alternating = repeated.len() >= 4;
    if answered || alternating {
        labelled.into_iter().map(|(i, _)| i).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_turns_are_recognised() {
        assert!(is_transcript_turn(
            "((Anthony Boccaletti))  Probably that in one million year"
        ));
        assert!(is_transcript_turn("((WSS)) : Which past president?"));
        assert!(is_transcript_turn("Q: Will it work?"));
        assert!(is_transcript_turn("STALLMAN: Maybe in the 1950s."));
        assert!(!is_transcript_turn(
            "Update: the minister reportedly resigned."
        ));
        assert!(!is_transcript_turn("The ratio was 3:1, officials said."));
        assert!(!is_transcript_turn("(( not closed"));
        assert!(is_short_line("██ Red deer: 7"));
        assert!(!is_short_line(
            "So, these five bone tools are all pretty similar."
        ));
        assert!(!is_transcript_turn("'NB': this glyph is not five-pointed."));
    }

    #[test]
    fn editorial_labels_captions_and_bylines_are_not_speaker_labels() {
        for block in [
            "UPDATE: The minister reportedly resigned.",
            "CORRECTION: An earlier version misnamed the town.",
            "READ MORE: Talks may resume next week",
            "RELATED: Officials said to weigh new rules",
            "**WHAT:** A march that will probably draw thousands.",
            "PHOTO: Police reportedly detained protesters. (AP)",
            "AP PHOTO: The flooded road.",
            "BY JANE DOE: Staff writer",
            "By JANE DOE",
            "WASHINGTON (AP) — The bill reportedly passed.",
        ] {
            assert_eq!(speaker_label(block), None, "{block}");
        }
        assert_eq!(speaker_label("**STALLMAN:** Maybe."), Some("STALLMAN"));
        assert_eq!(speaker_label("((WN)) : Which?"), Some("WN"));
    }

    fn turns(blocks: &[&str]) -> Vec<usize> {
        transcript_turns(blocks.iter().copied())
    }

    #[test]
    fn labels_alone_do_not_make_a_transcript() {
        let article = [
            "UPDATE: The minister reportedly resigned.",
            "It may have been planned.",
            "CORRECTION: An earlier version misnamed the town.",
            "READ MORE: Talks may resume",
            "PHOTO: Crowds reportedly gathered.",
            "RELATED: More news",
        ];
        assert_eq!(turns(&article), Vec::<usize>::new());
        // Two different labels, one turn each; one speaker coming back alone.
        assert_eq!(turns(&["SMITH: Hi.", "JONES: Maybe."]), Vec::<usize>::new());
        assert_eq!(
            turns(&["SMITH: Hi.", "prose", "SMITH: Again.", "prose"]),
            Vec::<usize>::new()
        );
        assert_eq!(
            turns(&["((WN)) What now?", "Prose.", "((WN)) And then?"]),
            Vec::<usize>::new()
        );
        assert_eq!(
            turns(&["SMITH: Hi.", "JONES: Maybe.", "SMITH: Yes."]),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn real_transcripts_count() {
        assert_eq!(
            turns(&["Intro.", "Q: Will it work?", "A: It probably will."]),
            vec![1, 2]
        );
        assert_eq!(
            turns(&[
                "Intro.",
                "UPDATE: Edited.",
                "STALLMAN: Maybe.",
                "WN: Why?",
                "More of the answer.",
                "STALLMAN: Perhaps.",
                "WN: Thanks.",
            ]),
            vec![2, 3, 5, 6]
        );
        assert_eq!(
            turns(&[
                "((WN)) Q?",
                "((Dr Smith)) Probably.",
                "((WN)) Q?",
                "((Dr Smith)) Maybe."
            ]),
            vec![0, 1, 2, 3]
        );
    }

    #[test]
    fn long_quotes_count_and_scare_quotes_do_not() {
        let b = "It has “almost certainly” pushed. “Kim probably thinks that Trump will,” it said.";
        let q = quotations(b);
        assert_eq!(q.len(), 1);
        assert_eq!(&b[q[0].clone()], "Kim probably thinks that Trump will,");
    }

    #[test]
    fn straight_quotes_and_unclosed_quotes() {
        let b = "He said \"we may well go there\" and \"maybe\". \"This runs on to the end";
        let q: Vec<&str> = quotations(b).into_iter().map(|r| &b[r]).collect();
        assert_eq!(q, vec!["we may well go there", "This runs on to the end"]);
    }
}
