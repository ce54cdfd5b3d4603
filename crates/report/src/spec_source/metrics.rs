//! How wide text is set in the PDF, to size table columns before typst lays them out: the
//! advance widths of the fonts the spec uses (Libertinus Serif regular and bold, DejaVu Sans
//! Mono), in thousandths of an em, as typst's embedded fonts have them (a test reads them back
//! from the fonts). A character without an entry counts as a full em: columns may come out a
//! little wide for such text, never too narrow.

/// The faces the tables set text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Face {
    /// Libertinus Serif, regular: body text and numbers.
    Serif,
    /// Libertinus Serif, bold: table headers.
    SerifBold,
    /// DejaVu Sans Mono: names.
    Mono,
}

/// Libertinus Serif regular, U+0020 to U+007E.
const SERIF: [u16; 95] = [
    250, 288, 336, 465, 465, 637, 705, 190, 298, 298, 369, 550, 220, 338, 220, 323, 465, 465, 465, 465, 465,
    465, 465, 465, 465, 465, 236, 236, 550, 550, 550, 435, 895, 695, 588, 646, 701, 557, 485, 685, 730, 297,
    322, 637, 528, 839, 699, 702, 541, 702, 587, 485, 597, 661, 652, 951, 660, 575, 604, 356, 287, 356, 518,
    486, 392, 457, 493, 428, 506, 447, 310, 500, 538, 271, 272, 512, 264, 790, 542, 504, 519, 503, 372, 390,
    316, 531, 497, 747, 490, 515, 424, 277, 205, 277, 449,
];

/// Libertinus Serif bold, U+0020 to U+007E.
const SERIF_BOLD: [u16; 95] = [
    250, 266, 376, 514, 514, 637, 729, 215, 315, 315, 433, 537, 244, 358, 244, 316, 514, 514, 514, 514, 514,
    514, 514, 514, 514, 514, 256, 256, 512, 551, 512, 430, 988, 740, 654, 706, 734, 609, 545, 732, 817, 367,
    373, 736, 577, 899, 740, 730, 614, 730, 716, 504, 652, 732, 700, 1028, 718, 624, 624, 397, 307, 397, 518,
    486, 392, 506, 542, 456, 561, 489, 391, 521, 619, 322, 312, 613, 325, 905, 616, 551, 581, 573, 428, 427,
    358, 598, 529, 777, 561, 558, 452, 307, 220, 307, 473,
];

/// Characters the documents write themselves, outside ASCII: (character, regular, bold).
const SERIF_EXTRA: [(char, u16, u16); 8] = [
    ('—', 742, 742),
    ('–', 548, 534),
    ('·', 250, 250),
    ('×', 550, 527),
    ('→', 1130, 1154),
    ('…', 749, 817),
    ('−', 550, 540),
    ('÷', 550, 540),
];

/// DejaVu Sans Mono's advance, every character it has.
const MONO: u16 = 602;

/// The advance of `c` in `face`, in thousandths of an em.
pub(crate) fn advance(face: Face, c: char) -> u16 {
    let ascii = (c as u32)
        .checked_sub(0x20)
        .filter(|&i| i < 95)
        .map(|i| i as usize);
    match (face, ascii) {
        (Face::Mono, Some(_)) => MONO,
        (Face::Serif, Some(i)) => SERIF[i],
        (Face::SerifBold, Some(i)) => SERIF_BOLD[i],
        (Face::Mono, None) => 1000,
        (Face::Serif | Face::SerifBold, None) => {
            SERIF_EXTRA
                .iter()
                .find(|(x, ..)| *x == c)
                .map_or(
                    1000,
                    |&(_, regular, bold)| if face == Face::Serif { regular } else { bold },
                )
        }
    }
}

/// The width of `text` set in `face` at `size` points, in points.
pub(crate) fn width(face: Face, size: f64, text: &str) -> f64 {
    text.chars().map(|c| f64::from(advance(face, c))).sum::<f64>() * size / 1000.0
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;
    use typst::foundations::Bytes;
    use typst::text::Font;

    fn font(family: &str, weight: u16) -> Font {
        typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .find(|f| {
                let info = f.info();
                info.family == family
                    && info.variant.weight.to_number() == weight
                    && info.variant.style == typst::text::FontStyle::Normal
            })
            .unwrap_or_else(|| panic!("{family} {weight} is embedded"))
    }

    fn font_advance(font: &Font, c: char) -> Option<u16> {
        let glyph = font.ttf().glyph_index(c)?;
        font.x_advance(glyph.0)
            .map(|em| (em.get() * 1000.0).round() as u16)
    }

    #[test]
    fn the_widths_are_the_embedded_fonts_own() {
        let faces = [
            (Face::Serif, font("Libertinus Serif", 400)),
            (Face::SerifBold, font("Libertinus Serif", 700)),
            (Face::Mono, font("DejaVu Sans Mono", 400)),
        ];
        for (face, font) in &faces {
            // DejaVu Sans Mono has the extra characters too, but they count as an em there.
            let extra = SERIF_EXTRA.iter().map(|e| e.0).filter(|_| *face != Face::Mono);
            for c in (0x20u8..0x7f).map(char::from).chain(extra) {
                assert_eq!(Some(advance(*face, c)), font_advance(font, c), "{face:?} {c:?}");
            }
        }
    }

    #[test]
    fn unknown_characters_count_as_an_em() {
        assert_eq!(advance(Face::Serif, '漢'), 1000);
        assert_eq!(advance(Face::Mono, 'é'), 1000);
        assert!((width(Face::Mono, 10.0, "abc") - 18.06).abs() < 1e-9);
    }
}
