//! The byte streams under a [`Connection`]: `lsp-server`'s framing, with a reader that
//! survives a message it cannot parse (its own stdio reader stops at the first one).

use std::io::{self, BufRead, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, Message, Notification};
use lsp_types::{LogMessageParams, MessageType};

/// The threads that move messages between the streams and a [`Connection`].
#[derive(Debug)]
pub struct Transport {
    writer: JoinHandle<()>,
}

impl Transport {
    /// Waits until every message sent on the connection is written. Call it once every
    /// sender of the connection is dropped.
    pub fn finish(self) {
        let _ = self.writer.join();
    }
}

/// A connection that reads framed messages from `input` and writes them to `output`.
///
/// A message whose body is not a JSON-RPC message is answered with a `window/logMessage`
/// error and skipped; the end of `input` or the `exit` notification ends reading.
pub fn connect(
    input: impl BufRead + Send + 'static,
    output: impl Write + Send + 'static,
) -> io::Result<(Connection, Transport)> {
    let (out_tx, out_rx) = unbounded::<Message>();
    let (in_tx, in_rx) = unbounded::<Message>();
    let writer = thread::Builder::new()
        .name("hedgelint-lsp-writer".to_owned())
        .spawn(move || {
            let mut output = output;
            for message in out_rx {
                if message.write(&mut output).is_err() {
                    break;
                }
            }
        })?;
    let log = out_tx.clone();
    thread::Builder::new()
        .name("hedgelint-lsp-reader".to_owned())
        .spawn(move || read_loop(input, &in_tx, &log))?;
    Ok((
        Connection {
            sender: out_tx,
            receiver: in_rx,
        },
        Transport { writer },
    ))
}

fn read_loop(mut input: impl BufRead, to_server: &Sender<Message>, log: &Sender<Message>) {
    loop {
        match Message::read(&mut input) {
            Ok(Some(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(None) => return,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let mut what = e.to_string();
                if let Some((cut, _)) = what.char_indices().nth(300) {
                    what.truncate(cut);
                    what.push('…');
                }
                let params = LogMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("hedgelint: skipped a malformed message: {what}"),
                };
                let note = Notification::new("window/logMessage".to_owned(), params);
                if log.send(note.into()).is_err() {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}
