//! Direct quotations inside a block of text.

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

/// True when `block` is a turn of an interview transcript: it opens with a speaker label
/// such as `((Name))`, `Q:`, `A:` or an upper-case `NAME:`. The whole turn is the speaker's
/// words, like a quotation.
pub fn is_transcript_turn(block: &str) -> bool {
    let b = block.trim_start();
    if let Some(rest) = b.strip_prefix("((") {
        return rest.find("))").is_some_and(|end| end > 0 && end <= 60);
    }
    let Some(colon) = b.find(':') else {
        return false;
    };
    let label = &b[..colon];
    let words = label.split_whitespace().count();
    !label.is_empty()
        && colon <= 40
        && (1..=3).contains(&words)
        && label.starts_with(|c: char| c.is_uppercase())
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-'))
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
        assert!(!is_transcript_turn("'NB': this glyph is not five-pointed."));
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
