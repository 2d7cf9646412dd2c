//! A small PDF writer for printed documents (the diary extract, R-D6): A4 pages of left-aligned
//! text lines in one embedded font (DejaVu Sans, which covers Russian), wrapped to the page width.
//! The font is embedded whole (Type0 / CIDFontType2, Identity-H) with a ToUnicode map, so the
//! text can be searched and copied. No network, no system fonts: the font is compiled in.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;

/// One line of a document: its size in points and how far it is indented.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub indent: f32,
    /// Extra space above the line, in points.
    pub space_before: f32,
    /// The line starts a new page (unless the page is still empty).
    pub new_page: bool,
}

impl Line {
    pub fn new(text: impl Into<String>, size: f32) -> Self {
        Line {
            text: text.into(),
            size,
            indent: 0.0,
            space_before: 0.0,
            new_page: false,
        }
    }

    pub fn on_new_page(mut self) -> Self {
        self.new_page = true;
        self
    }

    pub fn indented(mut self, by: f32) -> Self {
        self.indent = by;
        self
    }

    pub fn after_gap(mut self, gap: f32) -> Self {
        self.space_before = gap;
        self
    }
}

/// A piece of text placed on a page: where, how big, which glyphs.
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    glyphs: Vec<u16>,
}

struct Font<'a> {
    face: ttf_parser::Face<'a>,
    units: f32,
}

impl Font<'_> {
    fn load() -> Result<Font<'static>, String> {
        let face = ttf_parser::Face::parse(FONT, 0).map_err(|e| e.to_string())?;
        let units = f32::from(face.units_per_em());
        Ok(Font { face, units })
    }

    fn glyph(&self, c: char) -> u16 {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .map(|g| g.0)
            .unwrap_or(0)
    }

    /// The advance of a glyph in thousandths of the font size.
    fn advance(&self, glyph: u16) -> f32 {
        let a = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0);
        f32::from(a) * 1000.0 / self.units
    }

    /// The glyphs of `text`, noting which character each glyph stands for (the ToUnicode map).
    fn shape(&self, text: &str, used: &mut BTreeMap<u16, char>) -> Vec<u16> {
        text.chars()
            .map(|c| {
                let g = self.glyph(c);
                used.entry(g).or_insert(c);
                g
            })
            .collect()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }
}

/// Split a line into pieces no wider than `max` points, at spaces where possible.
fn wrap(font: &Font, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if font.width(&candidate, size) <= max || current.is_empty() {
            current = candidate;
        } else {
            out.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
        // A single word wider than the line is cut.
        while font.width(&current, size) > max && current.chars().count() > 1 {
            let mut head = String::new();
            for c in current.chars() {
                if font.width(&format!("{head}{c}"), size) > max {
                    break;
                }
                head.push(c);
            }
            if head.is_empty() {
                break;
            }
            current = current[head.len()..].to_owned();
            out.push(head);
        }
    }
    out.push(current);
    out
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

/// A PDF escape of a document title.
fn utf16_hex(text: &str) -> String {
    let mut s = String::from("FEFF");
    for u in text.encode_utf16() {
        let _ = write!(s, "{u:04X}");
    }
    s
}

/// Typeset `lines` as an A4 PDF titled `title` with «Страница N из M» at each page's foot, in the
/// heavy pool: typesetting is CPU work, kept off the request workers.
pub async fn typeset(
    heavy: &crate::state::Heavy,
    title: String,
    lines: Vec<Line>,
) -> Result<Vec<u8>, crate::error::ApiError> {
    heavy
        .run(move || {
            render(&title, &lines, &|n, m| format!("Страница {n} из {m}"))
                .map_err(crate::error::ApiError::internal)
        })
        .await
}

/// Render `lines` as an A4 PDF titled `title`; pages break where the text runs out of room, and
/// each page carries "page N of M" at the bottom (`page_label(n, m)`).
pub fn render(
    title: &str,
    lines: &[Line],
    page_label: &dyn Fn(usize, usize) -> String,
) -> Result<Vec<u8>, String> {
    let font = Font::load()?;
    let mut used: BTreeMap<u16, char> = BTreeMap::new();
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    let bottom = MARGIN + 30.0;
    for line in lines {
        if line.new_page && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = PAGE_H - MARGIN;
        }
        let leading = line.size * 1.35;
        let x = MARGIN + line.indent;
        for piece in wrap(&font, &line.text, line.size, PAGE_W - MARGIN - x) {
            let gap = if piece.is_empty() {
                0.0
            } else {
                line.space_before
            };
            if y - leading - gap < bottom {
                pages.push(Vec::new());
                y = PAGE_H - MARGIN;
            }
            y -= leading + gap;
            let glyphs = font.shape(&piece, &mut used);
            if let Some(page) = pages.last_mut() {
                page.push(Placed {
                    x,
                    y,
                    size: line.size,
                    glyphs,
                });
            }
        }
    }
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.push(Placed {
            x: MARGIN,
            y: MARGIN,
            size: 8.0,
            glyphs: font.shape(&page_label(i + 1, count), &mut used),
        });
    }

    let mut objects: Vec<Vec<u8>> = Vec::new();
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 font file, 7 ToUnicode, 8 info,
    // then a page and its content per page.
    let first_page = 9;
    let kids: String = (0..count)
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect::<Vec<_>>()
        .join(" ");
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{kids}] /Count {count} >>").into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H \
          /DescendantFonts [4 0 R] /ToUnicode 7 0 R >>"
            .to_vec(),
    );
    let widths: String = used
        .keys()
        .map(|g| format!("{g} [{:.0}]", font.advance(*g)))
        .collect::<Vec<_>>()
        .join(" ");
    objects.push(
        format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor 5 0 R /CIDToGIDMap /Identity /DW 600 /W [{widths}] >>"
        )
        .into_bytes(),
    );
    let scale = |v: i16| (f32::from(v) * 1000.0 / font.units).round() as i32;
    let bbox = font.face.global_bounding_box();
    objects.push(
        format!(
            "<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [{} {} {} {}] \
             /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 6 0 R >>",
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
            scale(font.face.ascender()),
            scale(font.face.descender()),
            scale(font.face.capital_height().unwrap_or(700)),
        )
        .into_bytes(),
    );
    let packed = deflate(FONT);
    let mut file = format!(
        "<< /Length {} /Length1 {} /Filter /FlateDecode >>\nstream\n",
        packed.len(),
        FONT.len()
    )
    .into_bytes();
    file.extend_from_slice(&packed);
    file.extend_from_slice(b"\nendstream");
    objects.push(file);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let pairs: Vec<(&u16, &char)> = used.iter().collect();
    for chunk in pairs.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (g, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(cmap, "<{g:04X}> <{hex}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend");
    objects.push(stream(cmap.as_bytes()));
    objects.push(format!("<< /Title <{}> /Producer (Journal) >>", utf16_hex(title)).into_bytes());
    for (i, page) in pages.iter().enumerate() {
        let content_id = first_page + 2 * i + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:.0} {PAGE_H:.0}] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .into_bytes(),
        );
        let mut ops = String::new();
        for p in page {
            let hex: String = p.glyphs.iter().map(|g| format!("{g:04X}")).collect();
            let _ = writeln!(
                ops,
                "BT /F1 {:.1} Tf {:.2} {:.2} Td <{hex}> Tj ET",
                p.size, p.x, p.y
            );
        }
        objects.push(stream(ops.as_bytes()));
    }

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(table, "{o:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 8 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    Ok(out)
}

fn stream(bytes: &[u8]) -> Vec<u8> {
    let packed = deflate(bytes);
    let mut out = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read;

    /// The decoded text streams (page contents, the ToUnicode map) of a PDF made here.
    fn streams(pdf: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = pdf;
        while let Some(start) = find(rest, b"stream\n") {
            let body = &rest[start + 7..];
            let end = find(body, b"\nendstream").unwrap();
            // The font file is not text: only the text streams decode.
            let mut text = String::new();
            if ZlibDecoder::new(&body[..end])
                .read_to_string(&mut text)
                .is_ok()
            {
                out.push(text);
            }
            rest = &body[end + b"\nendstream".len()..];
        }
        out
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn russian_text_is_embedded_with_a_unicode_map_and_a_sound_xref() {
        let lines = vec![
            Line::new("Выписка из электронного журнала", 14.0),
            Line::new("Ёлкин Саша, 7А", 11.0).after_gap(6.0),
        ];
        let pdf = render("Выписка", &lines, &|n, m| {
            format!("Страница {n} из {m}")
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 1"));
        // Every object sits where the cross-reference table says.
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // The table and the trailer are ASCII (the lossy text above is not byte-true earlier on).
        let table = std::str::from_utf8(&pdf[xref_at..]).unwrap();
        assert!(table.starts_with("xref"));
        for (i, line) in table.lines().skip(3).take(8).enumerate() {
            let at: usize = line[..10].parse().unwrap();
            assert!(
                pdf[at..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                "object {}",
                i + 1
            );
        }
        let decoded = streams(&pdf);
        let font = Font::load().unwrap();
        let yo = format!("{:04X}", font.glyph('Ё'));
        assert!(
            decoded
                .iter()
                .any(|s| s.contains(&format!("<{yo}> <0401>"))),
            "Ё maps back to U+0401"
        );
        assert!(decoded.iter().any(|s| s.contains(" Tj ET")));
        assert_ne!(font.glyph('Ж'), font.glyph('?'), "the font has Cyrillic");
    }

    #[test]
    fn long_text_wraps_and_breaks_pages() {
        let font = Font::load().unwrap();
        let long = "слово ".repeat(60);
        let pieces = wrap(&font, long.trim(), 10.0, 200.0);
        assert!(pieces.len() > 3);
        assert!(pieces.iter().all(|p| font.width(p, 10.0) <= 200.0));
        assert_eq!(pieces.join(" "), long.trim());
        let lines: Vec<Line> = (0..120)
            .map(|i| Line::new(format!("Строка {i}"), 10.0))
            .collect();
        let pdf = render("t", &lines, &|n, m| format!("{n}/{m}")).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("/Count 3"),
            "120 lines of 13.5 pt take three A4 pages"
        );
    }
}
