//! The document's Kafka servers: the cluster's ways in, with their security scheme types.

use design::rules::{MAX_DESCRIPTION_CHARS, MAX_SERVERS};
use design::Server;
use serde_json::{Map, Value};

use super::{clip, Major, Reader};
use crate::asyncapi::refs::join;
use crate::build::clean_name;
use crate::Warning;

impl<'a> Reader<'a> {
    pub(super) fn servers(&mut self, major: Major) {
        let Some(servers) = self.root()["servers"].as_object() else {
            return;
        };
        let mut out = Vec::new();
        for (name, server) in servers {
            let at = join("servers", name);
            let Some((server, _)) = self.doc.object(server, &at, &mut self.w) else {
                continue;
            };
            let protocol = server.get("protocol").and_then(Value::as_str).unwrap_or("");
            if !protocol.starts_with("kafka") {
                self.w.push(Warning::new(
                    &at,
                    format!(
                        "`{}` is not a Kafka protocol; the server is left out",
                        clip(protocol)
                    ),
                ));
                continue;
            }
            let host = match major {
                Major::V2 => server
                    .get("url")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                Major::V3 => {
                    let host = server.get("host").and_then(Value::as_str).unwrap_or("");
                    let path = server.get("pathname").and_then(Value::as_str).unwrap_or("");
                    format!("{host}{path}")
                }
            };
            if out.len() >= MAX_SERVERS {
                self.w.push(Warning::new(
                    &at,
                    format!("more than {MAX_SERVERS} servers; the rest are left out"),
                ));
                break;
            }
            let security = match server.get("x-security").and_then(Value::as_str) {
                Some(words) => Some(clean_name(words)).filter(|w| !w.is_empty()),
                None => self.security(server.get("security"), &join(&at, "security"), major),
            };
            let name = server.get("title").and_then(Value::as_str).unwrap_or(name);
            out.push(Server {
                name: clean_name(name),
                host: clean_name(&host),
                protocol: clean_name(protocol),
                security,
                description: server.get("description").and_then(Value::as_str).map(|d| {
                    d.chars()
                        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                        .take(MAX_DESCRIPTION_CHARS)
                        .collect()
                }),
                extra: Map::new(),
            });
        }
        self.b.design_mut().cluster.servers = out;
    }

    /// The types of a server's security schemes (`scramSha256, X509`).
    pub(super) fn security(&mut self, security: Option<&'a Value>, at: &str, major: Major) -> Option<String> {
        let mut types = Vec::new();
        for (i, requirement) in security
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{at}[{i}]");
            let scheme = match major {
                // 2.x: `{schemeName: [scopes]}`, the name a key of components.securitySchemes.
                Major::V2 => requirement
                    .as_object()
                    .and_then(|m| m.keys().next())
                    .and_then(|name| self.root()["components"]["securitySchemes"].get(name)),
                Major::V3 => Some(requirement),
            };
            let Some(scheme) = scheme else {
                self.w
                    .push(Warning::new(&at, "a security requirement names no known scheme"));
                continue;
            };
            if let Some((scheme, _)) = self.doc.deref(scheme, &at, &mut self.w) {
                if let Some(t) = scheme["type"].as_str() {
                    types.push(clean_name(t));
                }
            }
        }
        (!types.is_empty()).then(|| clean_name(&types.join(", ")))
    }
}
