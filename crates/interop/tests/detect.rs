//! Every fixture is told apart by its text alone: the format a user need not name.

use interop::Format;

/// The fixture folders and the format of what they hold.
const FOLDERS: &[(&str, Format)] = &[
    ("asyncapi", Format::Asyncapi),
    ("streams", Format::StreamsTopology),
    ("topics-describe", Format::KafkaTopicsDescribe),
    ("groups-describe", Format::ConsumerGroupsDescribe),
    ("strimzi", Format::Strimzi),
    ("terraform", Format::Terraform),
];

#[test]
fn every_fixture_is_detected_as_its_format() {
    let mut seen = 0;
    for (folder, format) in FOLDERS {
        let dir = format!("{}/tests/fixtures/{folder}", env!("CARGO_MANIFEST_DIR"));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() || name.ends_with(".md") || name.ends_with(".json") && *folder != "asyncapi" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(interop::detect(&text), Some(*format), "{folder}/{name}");
            seen += 1;
        }
    }
    assert!(seen >= 20, "{seen} fixtures");
}

#[test]
fn text_of_no_format_is_not_detected() {
    for text in ["", "hello", "{\"name\": \"x\"}", "a: 1\nb: 2\n", "Topic", "GROUP"] {
        assert_eq!(interop::detect(text), None, "{text:?}");
        let e = interop::import(text, None, &interop::Options::default()).unwrap_err();
        assert_eq!(e, interop::Error::Undetected);
    }
}
