//! Terraform `confluent_kafka_topic` resources, as any text: the importer never panics and stays within its limits; what
//! it imports is a design the rules accept (so it can be saved as it is); what it refuses says
//! why, with a line and column from 1 when it is about a place in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = interop::detect(text);
    common::check(text, interop::Format::Terraform);
});

#[path = "../import_common.rs"]
mod common;
