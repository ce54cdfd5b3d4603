//! `/api/v1/auth/*` bodies: what signing up and in sends, and the account it answers.

use serde::{Deserialize, Serialize};

use crate::ids::AccountId;

/// `POST /auth/signup` and `POST /auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credentials {
    /// The account's e-mail address (compared case-insensitively).
    pub email: String,
    /// At least 10 characters.
    pub password: String,
}

/// Leaves the password out.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// The signed-in account: the answer of sign-up, log-in and `GET /auth/me`; `GET /auth/session`
/// answers `Option<Account>` (`null` for a visitor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: AccountId,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accounts_and_credentials_as_sent() {
        let sent = json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "email": "ada@example.com"});
        let account: Account = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(account.email, "ada@example.com");
        assert_eq!(serde_json::to_value(&account).unwrap(), sent);
        let visitor: Option<Account> = serde_json::from_value(json!(null)).unwrap();
        assert_eq!(visitor, None);
        let c = Credentials {
            email: "ada@example.com".into(),
            password: "correct horse".into(),
        };
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"email": "ada@example.com", "password": "correct horse"})
        );
        assert!(!format!("{c:?}").contains("horse"));
    }
}
