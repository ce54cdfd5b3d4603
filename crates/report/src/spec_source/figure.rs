//! The topology section of the PDF spec: the design as laid out in the studio, on landscape
//! pages.

use std::fmt::Write as _;

use design::Design;

/// Writes the section: a heading and the figure (`topology.svg`, added by [`crate::pdf`]).
pub(super) fn topology(t: &mut String, _design: &Design) {
    let _ = writeln!(
        t,
        "#set page(flipped: true)\n= Topology\n#figure(image(\"topology.svg\", width: 100%, height: 80%, fit: \"contain\"), caption: [The design as laid out in the studio.])\n#set page(flipped: false)\n"
    );
}
