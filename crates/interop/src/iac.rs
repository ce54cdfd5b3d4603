//! The studio's own Strimzi and Terraform exports, read back (to be written).

use design::Design;

use crate::{Error, Warning};

pub(crate) fn import_strimzi(_text: &str) -> Result<(Design, Vec<Warning>), Error> {
    Err(Error::Limit {
        message: "not yet".into(),
    })
}

pub(crate) fn import_terraform(_text: &str) -> Result<(Design, Vec<Warning>), Error> {
    Err(Error::Limit {
        message: "not yet".into(),
    })
}
