//! A real SMTP sink on 127.0.0.1, plain, with STARTTLS or SMTPS, for the delivery tests.

use base64::Engine;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub(super) struct Received {
    pub(super) rcpt: Vec<String>,
    pub(super) data: String,
    /// Whether the letter came over TLS.
    pub(super) tls: bool,
}

/// How the sink protects its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SinkTls {
    /// Plain SMTP; STARTTLS is not offered.
    Plain,
    /// Offers STARTTLS (certificate for localhost and 127.0.0.1, signed by the test CA).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Wrapper,
}

/// A connection the sink talks over: plain TCP or TLS over it.
trait Conn: Read + Write + std::fmt::Debug {}

impl<T: Read + Write + std::fmt::Debug> Conn for T {}

pub(super) fn fixture(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    std::fs::read(dir.join(name)).unwrap()
}

fn tls_acceptor() -> native_tls::TlsAcceptor {
    let identity =
        native_tls::Identity::from_pkcs8(&fixture("server.pem"), &fixture("server.key")).unwrap();
    native_tls::TlsAcceptor::new(identity).unwrap()
}

/// A minimal plain SMTP server: accepts every letter and keeps it.
pub(super) fn start_sink(listener: TcpListener) -> Arc<Mutex<Vec<Received>>> {
    start_sink_with(listener, SinkTls::Plain)
}

pub(super) fn start_sink_with(listener: TcpListener, tls: SinkTls) -> Arc<Mutex<Vec<Received>>> {
    let got = Arc::new(Mutex::new(Vec::new()));
    let store = got.clone();
    let acceptor = tls_acceptor();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let _ = match tls {
                SinkTls::Plain => serve_smtp(Box::new(stream), &store, None),
                SinkTls::StartTls => serve_smtp(Box::new(stream), &store, Some(&acceptor)),
                SinkTls::Wrapper => match acceptor.accept(stream) {
                    Ok(secure) => serve_session(Box::new(secure), &store, None, true),
                    Err(_) => continue,
                },
            };
        }
    });
    got
}

fn serve_smtp(
    stream: Box<dyn Conn>,
    store: &Mutex<Vec<Received>>,
    starttls: Option<&native_tls::TlsAcceptor>,
) -> std::io::Result<()> {
    serve_session(stream, store, starttls, false)
}

/// One SMTP session; with `starttls` the server offers STARTTLS and, when asked, goes on over
/// TLS from a fresh greeting-less state (RFC 3207).
fn serve_session(
    mut stream: Box<dyn Conn>,
    store: &Mutex<Vec<Received>>,
    starttls: Option<&native_tls::TlsAcceptor>,
    tls: bool,
) -> std::io::Result<()> {
    if !tls || starttls.is_none() {
        stream.write_all(b"220 sink ESMTP\r\n")?;
    }
    let mut input = BufReader::new(stream);
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        let out = input.get_mut();
        if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
            if starttls.is_some() && !tls {
                out.write_all(b"250-sink\r\n250 STARTTLS\r\n")?;
            } else {
                out.write_all(b"250 sink\r\n")?;
            }
        } else if cmd == "STARTTLS" && !tls {
            let Some(acceptor) = starttls else {
                out.write_all(b"502 not offered\r\n")?;
                continue;
            };
            out.write_all(b"220 go ahead\r\n")?;
            let secure = acceptor
                .accept(input.into_inner())
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            return serve_session(Box::new(secure), store, starttls, true);
        } else if cmd.starts_with("MAIL FROM") {
            rcpt.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if cmd.starts_with("RCPT TO") {
            let addr = line.trim_end()[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned();
            rcpt.push(addr);
            out.write_all(b"250 OK\r\n")?;
        } else if cmd == "DATA" {
            out.write_all(b"354 go on\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if input.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            store.lock().unwrap().push(Received {
                rcpt: rcpt.clone(),
                data,
                tls,
            });
            input.get_mut().write_all(b"250 queued\r\n")?;
        } else if cmd == "QUIT" {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"250 OK\r\n")?;
        }
    }
}

pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `Subject:` header of a letter, RFC 2047 words decoded.
pub(super) fn subject_of(data: &str) -> String {
    let mut header = String::new();
    let mut inside = false;
    for line in data.split("\r\n") {
        if inside && (line.starts_with(' ') || line.starts_with('\t')) {
            header.push_str(line);
        } else if inside {
            break;
        } else if let Some(rest) = line.strip_prefix("Subject:") {
            header.push_str(rest);
            inside = true;
        }
    }
    let mut out = String::new();
    let mut last_encoded = false;
    for word in header.split_whitespace() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_, enc, text) = (parts.next()?, parts.next()?, parts.next()?);
                match enc {
                    "B" | "b" => base64::engine::general_purpose::STANDARD.decode(text).ok(),
                    _ => None,
                }
            })
            .map(|b| String::from_utf8(b).unwrap());
        match decoded {
            Some(d) => {
                if !last_encoded && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&d);
                last_encoded = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
                last_encoded = false;
            }
        }
    }
    out
}
