//! A sentence splitter for news copy.
//!
//! It splits after `.`, `!`, `?` and `…` (and any closing quotes or brackets that follow) when
//! the next word starts a sentence, and it knows the full stops that do not end one: titles
//! (Mr., Dr., Sen.), months (Jan., Sept.), initials (John F. Kennedy), dotted abbreviations
//! (U.S., a.m.) and decimals. A line break ends a sentence when the next line starts like a
//! new one (a headline above its first paragraph) unless the line ends mid-phrase.

use std::ops::Range;

/// Words that take a full stop without ending the sentence (compared without the stop, in
/// lower case).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "rev", "fr", "sen", "rep", "gov", "gen", "lt",
    "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "pres", "supt", "det", "insp", "hon", "st",
    "ste", "mt", "ft", "jr", "sr", "esq", "inc", "corp", "co", "ltd", "llc", "plc", "bros", "dept",
    "univ", "assn", "ave", "blvd", "rd", "hwy", "no", "nos", "vol", "vols", "pp", "pg", "fig",
    "figs", "approx", "est", "etc", "vs", "v", "cf", "al", "ca", "c", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
    "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss",
    "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis",
    "wyo", "e.g", "i.e", "a.m", "p.m", "ph.d", "u.s", "u.k", "u.n", "e.u",
];

/// Words that, capitalised after a dotted abbreviation such as "U.S.", start a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "On",
    "At",
    "As",
    "His",
    "Her",
    "Their",
    "Its",
    "However",
    "After",
    "When",
    "While",
    "Some",
    "Many",
    "Officials",
    "According",
];

/// Words that cannot end a line that ends a sentence.
const CONNECTORS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "but", "by", "for", "in", "on", "at", "with",
    "from", "as", "that", "than", "into", "about", "per", "like", "via",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '¿' | '¡' | '—' | '-' | '•' | '*'
        )
}

/// The word (letters, digits and inner full stops) that ends just before byte `end` of `s`.
fn word_before(s: &str, end: usize) -> &str {
    let start = s[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '’'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..end]
}

/// True when the full stop at byte `dot` of `s` belongs to an abbreviation or initial, given
/// that `next` is the word after it.
fn is_abbreviation(s: &str, dot: usize, next: &str) -> bool {
    let word = word_before(s, dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let mut chars = word.chars();
    let first = chars.next();
    // A single capital letter: an initial ("John F. Kennedy").
    if chars.next().is_none() && first.is_some_and(char::is_uppercase) {
        return true;
    }
    // Dotted abbreviations ("U.S.", "a.m."): a sentence may still end there.
    if word.contains('.') {
        return !SENTENCE_STARTERS.contains(&next);
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Splits `block` into sentence ranges (byte offsets into `block`). `line_breaks` are the
/// offsets, relative to `block`, of spaces that stand for a line break in the source.
pub fn split(block: &str, line_breaks: &[usize]) -> Vec<Range<usize>> {
    split_with(block, line_breaks, true)
}

/// [`split`], jumping from one place that can end a sentence to the next when `jump`, else
/// looking at every character in turn (what the jumps must agree with).
fn split_with(block: &str, line_breaks: &[usize], jump: bool) -> Vec<Range<usize>> {
    let char_at = |at: usize| block.get(at..).and_then(|rest| rest.chars().next());
    let mut out = Vec::new();
    let mut start = 0;
    // Byte offsets of characters: `at` only moves forward, and the line breaks are walked
    // with it.
    let mut at = 0;
    let mut next_break = 0;
    let mut break_from = |at: usize| {
        while line_breaks.get(next_break).is_some_and(|&b| b < at) {
            next_break += 1;
        }
        line_breaks.get(next_break).copied()
    };
    while let Some(c) = char_at(at) {
        let is_stop = matches!(c, '.' | '!' | '?' | '…');
        let is_break = c == ' ' && break_from(at) == Some(at);
        let after = at + c.len_utf8();
        if !is_stop && !is_break {
            at = after;
            if jump {
                // On to the next place that can end a sentence: a stop (`…` starts with
                // 0xE2) or a line break.
                let stop = block.as_bytes()[after..]
                    .iter()
                    .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
                    .map_or(block.len(), |p| after + p);
                let to = stop.min(break_from(after).unwrap_or(block.len()));
                if block.is_char_boundary(to) {
                    at = to.max(after);
                }
            }
            continue;
        }
        // Find where the sentence would end (`j`) and the next one start (`k`).
        let mut j = after;
        if is_stop {
            while let Some(n) =
                char_at(j).filter(|&n| matches!(n, '.' | '!' | '?' | '…') || is_closer(n))
            {
                j += n.len_utf8();
            }
        }
        let end = if is_stop { j } else { at };
        let followed_by_space = char_at(j).is_none_or(|n| n == ' ');
        if is_stop && !followed_by_space {
            at = j;
            continue;
        }
        let mut k = j;
        while char_at(k) == Some(' ') {
            k += 1;
        }
        let next_start = k.min(block.len());
        let next_char = char_at(k);
        let next_word_end = block[next_start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(block.len(), |e| next_start + e);
        let next_word = &block[next_start..next_word_end];
        let boundary = match next_char {
            None => true,
            Some(n) if is_stop => {
                let lower_next = n.is_lowercase();
                !(lower_next || c == '.' && is_abbreviation(block, at, next_word))
            }
            Some(n) => {
                let prev = word_before(block, at).to_lowercase();
                starts_sentence(n) && !CONNECTORS.contains(&prev.as_str()) && !prev.is_empty()
            }
        };
        if boundary {
            if end > start && !block[start..end].trim().is_empty() {
                out.push(start..end);
            }
            start = next_start;
            at = k.max(after);
        } else {
            at = j.max(after);
        }
    }
    if start < block.len() && !block[start..].trim().is_empty() {
        out.push(start..block.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_ahead_splits_as_one_character_at_a_time() {
        let parts = [
            "Mr.", "Dr.", ".", "!", "?", "…", " ", "  ", "A", "b", "word", "”", "\"", "U.S.",
            "e.g.", "Jan.", "3.5", ",", "é", "“", "And", "said", "\u{a0}",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(30);
            let text: String = (0..len).map(|_| parts[next(parts.len())]).collect();
            let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
            let breaks: Vec<usize> = spaces.into_iter().filter(|_| next(3) == 0).collect();
            assert_eq!(
                split(&text, &breaks),
                split_with(&text, &breaks, false),
                "{text:?} {breaks:?}"
            );
        }
    }

    fn sentences(s: &str) -> Vec<&str> {
        split(s, &[]).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn titles_initials_and_months_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Mr. Smith met Dr. Jones on Jan. 5 in Washington. John F. Kennedy was there."
            ),
            vec![
                "Mr. Smith met Dr. Jones on Jan. 5 in Washington.",
                "John F. Kennedy was there."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_end_a_sentence_only_before_a_starter() {
        assert_eq!(
            sentences("The U.S. Army said so. It left the U.S. The talks ended."),
            vec![
                "The U.S. Army said so.",
                "It left the U.S.",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_stay_together() {
        assert_eq!(
            sentences("Growth was 2.5 percent, e.g. in March. Prices rose."),
            vec!["Growth was 2.5 percent, e.g. in March.", "Prices rose."]
        );
    }

    #[test]
    fn a_quote_that_closes_after_the_stop_stays_with_its_sentence() {
        assert_eq!(
            sentences("“We will win.” She left. He said \"no!\" Then he went."),
            vec![
                "“We will win.”",
                "She left.",
                "He said \"no!\"",
                "Then he went."
            ]
        );
    }

    #[test]
    fn a_line_break_before_a_capital_ends_a_headline() {
        let s = "Kim Ignores Trump, Report Says A Sunday report claims so.";
        let br = s.find(" A Sunday").unwrap();
        let got: Vec<&str> = split(s, &[br]).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            vec![
                "Kim Ignores Trump, Report Says",
                "A Sunday report claims so."
            ]
        );
    }

    #[test]
    fn a_wrapped_line_does_not_end_a_sentence() {
        let s = "He spoke according to the Labor Department today.";
        let br = s.find(" Labor").unwrap() - 4;
        let got: Vec<&str> = split(s, &[br]).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, vec![s]);
    }
}
