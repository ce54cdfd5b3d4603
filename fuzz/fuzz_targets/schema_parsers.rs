//! Schemas of the three types, as any text: the first byte picks the type (Avro, Protobuf,
//! JSON Schema) and a NUL splits the rest into a new and an older version. Parsing never
//! panics and stays within `contracts::limits`; a schema that parses reads its own data
//! (compared with itself, no incompatibility); every level's check of the two versions answers,
//! and every incompatibility's location can be looked up in the text.
#![no_main]

use contracts::{Level, Schema, SchemaType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let ty = SchemaType::ALL[usize::from(pick) % 3];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (new, old) = text.split_once('\0').unwrap_or((text, text));
    for t in [new, old] {
        if let Ok(s) = Schema::parse(ty, t) {
            let own = s.read_findings(&s);
            assert!(
                own.is_empty(),
                "a {ty} schema cannot read its own data: {own:?}\n{t}"
            );
        }
    }
    for level in Level::ALL {
        if let Ok(verdict) = contracts::check(ty, level, new, &[old]) {
            assert_eq!(verdict.is_compatible, verdict.messages.is_empty());
            for m in &verdict.messages {
                assert!(!m.message.is_empty() && !m.kind.is_empty());
                let _ = contracts::position::json_pointer(new, &m.location);
                let _ = contracts::position::json_pointer(old, &m.location);
            }
        }
    }
});
