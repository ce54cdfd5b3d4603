//! Kafka Streams `Topology#describe()` text (to be written).

use design::Design;

use crate::{Error, Options, Warning};

pub(crate) fn import(_text: &str, _options: &Options) -> Result<(Design, Vec<Warning>), Error> {
    Err(Error::Limit {
        message: "not yet".into(),
    })
}
