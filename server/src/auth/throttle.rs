//! Per-client limits on the requests that cost the studio an argon2 hash: log-in and sign-up.
//!
//! Each client (an IPv4 address, or the /64 network of an IPv6 address, since one machine
//! easily has a whole /64) has a bucket of `capacity` tokens that refills evenly over `window`;
//! a request takes a token or is refused with 429 and the seconds until the next one. The
//! buckets live in memory, at most [`MAX_CLIENTS`] of them: full buckets are forgotten first
//! (a full bucket is the same as a client never seen).
//!
//! The client's address is the socket's peer, or, when the operator says the studio runs
//! behind a reverse proxy (`--trust-proxy`), the last address in `X-Forwarded-For` (the one the
//! proxy itself appended; anything before it is the client's word).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

/// Most clients remembered at once.
pub const MAX_CLIENTS: usize = 100_000;

/// One kind of request's limit, per client address (or per any other key: an account, a
/// link).
#[derive(Clone, Debug)]
pub struct Throttle<K = IpAddr> {
    capacity: f64,
    window: Duration,
    buckets: Arc<Mutex<HashMap<K, Bucket>>>,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Throttle<IpAddr> {
    /// Takes a token for `client`, or says in how many seconds one will be there.
    pub fn take(&self, client: IpAddr) -> Result<(), u64> {
        self.take_at(network(client), Instant::now())
    }
}

impl<K: std::hash::Hash + Eq + Copy> Throttle<K> {
    /// `capacity` requests per client, refilled evenly over `window`.
    pub fn new(capacity: u32, window: Duration) -> Self {
        Self {
            capacity: f64::from(capacity.max(1)),
            window,
            buckets: Arc::default(),
        }
    }

    /// Takes a token for `key`, or says in how many seconds one will be there.
    pub fn take_key(&self, key: K) -> Result<(), u64> {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, client: K, now: Instant) -> Result<(), u64> {
        let rate = self.capacity / self.window.as_secs_f64().max(1e-9);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            let capacity = self.capacity;
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < capacity);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.capacity,
            at: now,
        });
        bucket.tokens =
            (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate).min(self.capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// The address a client is counted by: IPv4 as is, IPv6 by its /64.
fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The client's address (see the module's documentation); `None` when the server was not
/// started with connection info and no trusted proxy header says.
pub fn client_address(parts: &Parts, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    #[test]
    fn a_client_gets_its_capacity_then_waits_for_the_refill() {
        let t: Throttle = Throttle::new(3, Duration::from_secs(30));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.take_at(a, now), Ok(()));
        }
        assert_eq!(t.take_at(a, now), Err(10), "one token every 10 s");
        assert_eq!(t.take_at(b, now), Ok(()), "others are not affected");
        assert_eq!(t.take_at(a, now + Duration::from_secs(10)), Ok(()));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let t = Throttle::new(1, Duration::from_secs(60));
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(t.take(ip("2001:db8:1:2::1")), Ok(()));
        assert!(t.take(ip("2001:db8:1:2:ffff::9")).is_err());
        assert_eq!(t.take(ip("2001:db8:1:3::1")), Ok(()));
    }

    #[test]
    fn the_proxy_header_counts_only_when_trusted_and_only_its_last_address() {
        let mut parts = Request::builder()
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .body(())
            .unwrap()
            .into_parts()
            .0;
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
        assert_eq!(client_address(&parts, false), Some("127.0.0.1".parse().unwrap()));
        assert_eq!(
            client_address(&parts, true),
            Some("198.51.100.7".parse().unwrap())
        );
    }
}
