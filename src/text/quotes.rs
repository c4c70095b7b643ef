//! Direct quotations inside a block of text, and the speaker turns of interview transcripts.

use std::collections::HashMap;
use std::ops::Range;

/// How many words a quotation must have to count as a direct quotation rather than a
/// scare quote ('almost certainly').
pub const SCARE_QUOTE_MAX_WORDS: usize = 3;

/// The quotation marks that open a quotation, with the marks that close it.
const PAIRS: &[(char, &[char])] = &[
    ('“', &['”']),
    ('"', &['"']),
    ('‘', &['’']),
    ('«', &['»']),
    ('»', &['«']),
    ('‹', &['›']),
    ('„', &['“', '”']),
    ('‚', &['‘', '’']),
];

/// An open quotation: where its text starts and the marks that can close it.
#[derive(Debug, Clone, Copy)]
struct Open {
    start: usize,
    mark: char,
    closers: &'static [char],
}

/// Whether `c` may stand before an opening quotation mark.
fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | '“' | '"' | '«' | '„' | '—' | '–' | '-' | '/' | ':'
            )
            || c == super::shadow::INLINE_BARRIER
    })
}

/// `’` (or `‘` typed for it) as an apostrophe at the start of a word: `’90s`, `’05`.
fn elides_digits(after: &str) -> bool {
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    digits == 2 && !after[2..].starts_with(|c: char| c.is_alphanumeric() && c != 's')
}

/// Ranges (byte offsets into `block`, inside the quote marks) of the direct quotations in
/// `block`, longer than [`SCARE_QUOTE_MAX_WORDS`] words. Quotation marks are “…”, "…", British
/// ‘…’, «…», »…«, ‹…›, „…“ and ‚…‘, nested to any depth (a quotation inside a quotation is part
/// of it). Apostrophes are not quotation marks: `don’t`, `’90s`, `the Joneses’ house`; nor is a
/// straight `"` after a digit, which marks inches or seconds (`a 12" main`, `5' 10"`). A
/// quotation left open runs to the end of the block.
pub fn quotations(block: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Every mark is `"` or starts with one of two UTF-8 lead bytes: only those are looked at.
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, block.as_bytes()) {
        let Some(c) = block[i..].chars().next().filter(|&c| is_mark(c)) else {
            continue;
        };
        let prev = block[..i].chars().next_back();
        let after = &block[i + c.len_utf8()..];
        let next = after.chars().next();
        match scan_mark(c, prev, next, after, &stack) {
            Mark::Close(depth) => {
                // Marks opened inside and never closed were apostrophes or slips: dropped.
                stack.truncate(depth + 1);
                if let Some(open) = stack.pop() {
                    found.push(open.start..i);
                }
            }
            Mark::Open(closers) => stack.push(Open {
                start: i + c.len_utf8(),
                mark: c,
                closers,
            }),
            Mark::None => {}
        }
    }
    if let Some(open) = stack.first() {
        found.push(open.start..block.len());
    }
    found.retain(|r| block[r.clone()].split_whitespace().count() > SCARE_QUOTE_MAX_WORDS);
    // Sorted and disjoint: a nested quotation lies inside the one around it.
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
    for r in found {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether `c` opens or closes a quotation anywhere in [`PAIRS`].
fn is_mark(c: char) -> bool {
    PAIRS
        .iter()
        .any(|(open, closers)| *open == c || closers.contains(&c))
}

/// What a character does to the quotations open at it.
enum Mark {
    /// Closes the quotation at this depth of the stack.
    Close(usize),
    /// Opens a quotation that one of these marks closes.
    Open(&'static [char]),
    /// Nothing.
    None,
}

fn scan_mark(c: char, prev: Option<char>, next: Option<char>, after: &str, stack: &[Open]) -> Mark {
    let is_single = matches!(c, '’' | '‘' | '‚');
    if c == '"' && prev.is_some_and(|p| p.is_ascii_digit()) {
        // 12" water main, 5' 10": inches, feet and seconds.
        return Mark::None;
    }
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if is_single && letter(prev) && letter(next) {
        // don’t, O’Brien, rock ‘n’ roll's inner marks.
        return Mark::None;
    }
    let closes = |open: &Open| open.closers.contains(&c);
    if let Some(depth) = stack.iter().rposition(closes) {
        let open = stack[depth];
        let may_close = match open.mark {
            '‘' | '‚' => {
                prev.is_some_and(|p| !p.is_whitespace())
                    && !letter(next)
                    && !possessive_before_close(prev, next, after, &open)
            }
            _ => true,
        };
        return if may_close {
            Mark::Close(depth)
        } else {
            Mark::None
        };
    }
    let Some(&(_, closers)) = PAIRS.iter().find(|(o, _)| *o == c) else {
        return Mark::None;
    };
    let opens = match c {
        '‘' | '‚' => {
            opens_after(prev) && next.is_some_and(|n| !n.is_whitespace()) && !elides_digits(after)
        }
        _ => true,
    };
    if opens {
        Mark::Open(closers)
    } else {
        Mark::None
    }
}

/// True when a single closing mark after an `s` (`the Joneses’ house`) reads as a plural
/// possessive: another mark further on (`after`) can close the quotation instead.
fn possessive_before_close(
    prev: Option<char>,
    next: Option<char>,
    after: &str,
    open: &Open,
) -> bool {
    if prev != Some('s') || !next.is_some_and(char::is_whitespace) {
        return false;
    }
    let mut before: Option<char> = None;
    let mut chars = after.chars().peekable();
    while let Some(c) = chars.next() {
        let following = chars.peek().copied();
        if open.closers.contains(&c)
            && before.is_some_and(|p| !p.is_whitespace())
            && !following.is_some_and(char::is_alphanumeric)
        {
            return true;
        }
        before = Some(c);
    }
    false
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
pub fn question_or_answer(label: &str) -> Option<bool> {
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
    transcript_turns_of(&labelled)
}

/// [`transcript_turns`] from the blocks that open with a speaker label: (block index, label),
/// in order.
pub fn transcript_turns_of(labelled: &[(usize, &str)]) -> Vec<usize> {
    transcript_turns_by(labelled, question_or_answer)
}

/// [`transcript_turns_of`] with labels of any kind that tells equal labels apart (such as
/// the index of a label in a list of names), and `side` telling a Q/A interview's question
/// label (`Some(true)`) and answer label (`Some(false)`) from a speaker's name (`None`).
pub fn transcript_turns_by<L: Copy + Eq + std::hash::Hash>(
    labelled: &[(usize, L)],
    side: impl Fn(L) -> Option<bool>,
) -> Vec<usize> {
    let answered = labelled
        .windows(2)
        .any(|w| side(w[0].1) == Some(true) && side(w[1].1) == Some(false));
    // Runs of turns by the same speaker are one turn.
    let mut turns: Vec<L> = labelled.iter().map(|&(_, l)| l).collect();
    turns.dedup();
    let mut count: HashMap<L, usize> = HashMap::new();
    for t in &turns {
        *count.entry(*t).or_default() += 1;
    }
    let mut repeated: Vec<L> = turns.iter().copied().filter(|l| count[l] > 1).collect();
    repeated.dedup();
    // A, B, A, B: two speakers who each come back after the other.
    let alternating = repeated.len() >= 4;
    if answered || alternating {
        labelled.iter().map(|&(i, _)| i).collect()
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

    fn quoted(b: &str) -> Vec<&str> {
        quotations(b).into_iter().map(|r| &b[r]).collect()
    }

    #[test]
    fn british_single_quotes_count() {
        assert_eq!(
            quoted("‘We may well go there next year,’ she said."),
            vec!["We may well go there next year,"]
        );
        assert_eq!(
            quoted("He said it was ‘probably’ fine and ‘the army will reportedly withdraw’."),
            vec!["the army will reportedly withdraw"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        // An apostrophe inside a word, before a year, after a plural possessive.
        let b =
            "‘I don’t think the ’90s band will reportedly return,’ he said of the Joneses’ plans.";
        assert_eq!(
            quoted(b),
            vec!["I don’t think the ’90s band will reportedly return,"]
        );
        let b =
            "‘The Joneses’ house may well be sold next week,’ the agent said. It reportedly was.";
        assert_eq!(
            quoted(b),
            vec!["The Joneses’ house may well be sold next week,"]
        );
        // No quotation at all: apostrophes only.
        assert_eq!(
            quoted("The Joneses’ dog reportedly bit the O’Briens’ cat in ‘05 or the ’90s."),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("Rock ‘n’ roll may reportedly return to the town hall."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn guillemets_and_low_quotes_count() {
        assert_eq!(
            quoted("Il a dit « nous allons probablement partir » hier."),
            vec![" nous allons probablement partir "]
        );
        assert_eq!(
            quoted("Er sagte: „Wir werden wohl morgen fahren“, und ging."),
            vec!["Wir werden wohl morgen fahren"]
        );
        assert_eq!(
            quoted("Powiedział „to może być prawda jutro” wczoraj."),
            vec!["to może być prawda jutro"]
        );
        assert_eq!(
            quoted("Han sa »det kan nog bli regn idag« i går."),
            vec!["det kan nog bli regn idag"]
        );
    }

    #[test]
    fn nested_quotations_are_part_of_the_outer_one() {
        let b = "‘The report said “reportedly” and it may well be wrong,’ he said.";
        assert_eq!(
            quoted(b),
            vec!["The report said “reportedly” and it may well be wrong,"]
        );
        let b = "“She told me ‘they may come back tomorrow’ and left,” he said. It may rain.";
        assert_eq!(
            quoted(b),
            vec!["She told me ‘they may come back tomorrow’ and left,"]
        );
        let b = "\"He said 'it may be so' today, I think,\" she added.";
        assert_eq!(quoted(b), vec!["He said 'it may be so' today, I think,"]);
    }

    #[test]
    fn inch_and_second_marks_are_not_quotation_marks() {
        assert_eq!(
            quoted("A 12\" water main burst and the road may reportedly close for days."),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted(
                "He is 5' 10\" tall and reportedly ran 9.58\" in the final. \"It may well last for years,\" he said."
            ),
            vec!["It may well last for years,"]
        );
    }
}
