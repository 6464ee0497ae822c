//! A share link as a QR code (ISO/IEC 18004), for a class to scan from a
//! projector: encoded by the `qrcode` crate, drawn by the page as one SVG
//! path, so no image renderer is needed.

use std::fmt;

/// The densest QR code DNS Lab draws: version 33, 149 modules a side, so
/// each module is at least 4 pixels in the 600 or so a 1024×768 projector
/// can give it, which a phone reads from across a classroom.
pub const MAX_QR_VERSION: i16 = 33;

/// A link as a QR code (ISO/IEC 18004), ready to draw: `width` modules a
/// side, and an SVG path with a unit square for each dark one, runs along
/// a row drawn as one rectangle. Error correction is level L, the lowest,
/// which leaves the most room for the link; a screen does not smudge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrDrawing {
    pub width: usize,
    pub path: String,
}

/// Why a link gets no QR code: it needs a denser code than
/// [`MAX_QR_VERSION`] (or more than any QR code holds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QrTooLong {
    pub characters: usize,
}

impl fmt::Display for QrTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this link is {} characters, too long for a QR code a projector can show: share the lesson's file instead",
            self.characters
        )
    }
}

/// `link` as a QR code, when it fits in one a projector can show.
pub fn qr_code(link: &str) -> Result<QrDrawing, QrTooLong> {
    let too_long = QrTooLong {
        characters: link.len(),
    };
    let code = qrcode::QrCode::with_error_correction_level(link, qrcode::EcLevel::L)
        .map_err(|_| too_long)?;
    match code.version() {
        qrcode::Version::Normal(version) if version <= MAX_QR_VERSION => {}
        _ => return Err(too_long),
    }
    let width = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    let mut path = String::new();
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|&&d| d).count();
            path.push_str(&format!("M{x} {y}h{run}v1h-{run}z"));
            x += run;
        }
    }
    Ok(QrDrawing { width, path })
}
