//! The text of an uploaded file (R-B6 imports, R-T4 plans): UTF-8, with or without a BOM, or
//! Windows-1251, which Russian Excel writes for plain «CSV (разделители — точка с запятой)». The
//! server's readers and the SPA's file picker decode through here, so both read a file alike.

use std::borrow::Cow;

const BOM: &str = "\u{feff}";

/// The characters of the Windows-1251 bytes 0x80–0xFF; 0x98 has none (`'\0'` marks it).
const WINDOWS_1251_HIGH: [char; 128] = [
    '\u{0402}', '\u{0403}', '\u{201A}', '\u{0453}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{20AC}', '\u{2030}', '\u{0409}', '\u{2039}', '\u{040A}', '\u{040C}', '\u{040B}', '\u{040F}',
    '\u{0452}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\0', '\u{2122}', '\u{0459}', '\u{203A}', '\u{045A}', '\u{045C}', '\u{045B}', '\u{045F}',
    '\u{00A0}', '\u{040E}', '\u{045E}', '\u{0408}', '\u{00A4}', '\u{0490}', '\u{00A6}', '\u{00A7}',
    '\u{0401}', '\u{00A9}', '\u{0404}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}', '\u{0407}',
    '\u{00B0}', '\u{00B1}', '\u{0406}', '\u{0456}', '\u{0491}', '\u{00B5}', '\u{00B6}', '\u{00B7}',
    '\u{0451}', '\u{2116}', '\u{0454}', '\u{00BB}', '\u{0458}', '\u{0405}', '\u{0455}', '\u{0457}',
    '\u{0410}', '\u{0411}', '\u{0412}', '\u{0413}', '\u{0414}', '\u{0415}', '\u{0416}', '\u{0417}',
    '\u{0418}', '\u{0419}', '\u{041A}', '\u{041B}', '\u{041C}', '\u{041D}', '\u{041E}', '\u{041F}',
    '\u{0420}', '\u{0421}', '\u{0422}', '\u{0423}', '\u{0424}', '\u{0425}', '\u{0426}', '\u{0427}',
    '\u{0428}', '\u{0429}', '\u{042A}', '\u{042B}', '\u{042C}', '\u{042D}', '\u{042E}', '\u{042F}',
    '\u{0430}', '\u{0431}', '\u{0432}', '\u{0433}', '\u{0434}', '\u{0435}', '\u{0436}', '\u{0437}',
    '\u{0438}', '\u{0439}', '\u{043A}', '\u{043B}', '\u{043C}', '\u{043D}', '\u{043E}', '\u{043F}',
    '\u{0440}', '\u{0441}', '\u{0442}', '\u{0443}', '\u{0444}', '\u{0445}', '\u{0446}', '\u{0447}',
    '\u{0448}', '\u{0449}', '\u{044A}', '\u{044B}', '\u{044C}', '\u{044D}', '\u{044E}', '\u{044F}',
];

/// The text of `bytes`: UTF-8 (a leading BOM dropped), or else Windows-1251; `None` when the bytes
/// are neither (a byte Windows-1251 does not define).
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Cow::Borrowed(text.strip_prefix(BOM).unwrap_or(text)));
    }
    bytes
        .iter()
        .map(|&b| match b {
            0..=0x7F => Some(char::from(b)),
            _ => Some(WINDOWS_1251_HIGH[usize::from(b - 0x80)]).filter(|c| *c != '\0'),
        })
        .collect::<Option<String>>()
        .map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_windows_1251_give_the_same_text() {
        let text = "Фамилия;Имя;Класс\nЁлкина;Мария;7А\n«Щукин»;Юрий № 2;11Б\n";
        // The same text as Russian Excel saves it (Windows-1251).
        let cp1251: &[u8] = &[
            212, 224, 236, 232, 235, 232, 255, 59, 200, 236, 255, 59, 202, 235, 224, 241, 241, 10,
            168, 235, 234, 232, 237, 224, 59, 204, 224, 240, 232, 255, 59, 55, 192, 10, 171, 217,
            243, 234, 232, 237, 187, 59, 222, 240, 232, 233, 32, 185, 32, 50, 59, 49, 49, 193, 10,
        ];
        assert_eq!(decode(cp1251).as_deref(), Some(text));
        assert_eq!(decode(text.as_bytes()).as_deref(), Some(text));
        let with_bom = [BOM.as_bytes(), text.as_bytes()].concat();
        assert_eq!(decode(&with_bom).as_deref(), Some(text));
    }

    #[test]
    fn a_byte_windows_1251_does_not_define_is_refused() {
        assert_eq!(decode(&[0xC8, 0x98, 0xE2]), None);
    }

    #[test]
    fn every_cyrillic_letter_is_where_windows_1251_puts_it() {
        for (i, c) in ('А'..='я').enumerate() {
            assert_eq!(WINDOWS_1251_HIGH[0x40 + i], c);
        }
        assert_eq!(WINDOWS_1251_HIGH[0xA8 - 0x80], 'Ё');
        assert_eq!(WINDOWS_1251_HIGH[0xB8 - 0x80], 'ё');
    }
}
