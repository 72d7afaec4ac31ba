//! When to try a request again, and how long to wait first.
//!
//! Retried, for every method: a connection that could not be opened (the
//! request was never sent), and the statuses 408, 429 and 503, which say that
//! the server did not act on the request, and 502 and 504, which come from a
//! gateway and usually mean the same (though a slow upstream may still have
//! acted: for a call that must never be repeated, set `max_retries(0)` in its
//! `RequestOptions`, or send an idempotency key the API honours). For idempotent
//! methods (GET, PUT, DELETE, ...) also 500 and failures after the request
//! was sent (a timeout, a connection reset mid-response). For POST and PATCH
//! those are not retried: the server may have acted on the request (created
//! a paid browser session, say), and doing it again is not safe to decide
//! for you.
//!
//! The wait is exponential backoff with full jitter: a random delay between
//! zero and `base_delay × 2^(retry − 1)`, capped at `max_delay`. A
//! `Retry-After` header (seconds or an HTTP date) replaces it, capped at
//! `max_retry_after`.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a client retries failed requests (see the module documentation for
/// which failures). The default: 2 retries (3 attempts),
/// waits from 0.5 s doubling up to 8 s, `Retry-After` honoured up to 60 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retries off.
    pub max_retries: u32,
    /// The upper bound of the first wait; each retry doubles it.
    pub base_delay: Duration,
    /// The largest wait computed by backoff.
    pub max_delay: Duration,
    /// The largest wait a server's `Retry-After` can ask for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is attempted once.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), given
    /// the server's `Retry-After` (if any) and a random number.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, random: u64) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retry, random),
        }
    }

    /// Full jitter: uniform in `[0, min(max_delay, base_delay × 2^(retry − 1))]`.
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        match nanos.checked_add(1) {
            Some(range) => Duration::from_nanos(random % range),
            None => Duration::from_nanos(random),
        }
    }
}

/// Whether a response status is worth another attempt.
pub(crate) fn retryable_status(status: u16, idempotent: bool) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504) || (idempotent && status == 500)
}

/// A random number for jitter, from the standard library's randomly keyed hasher.
pub(crate) fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.finish()
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date (IMF-fixdate, RFC 850
/// or asctime form), relative to `now`. A date in the past means "now".
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn parse_http_date(value: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = |m: &str| MONTHS.iter().position(|x| *x == m).map(|i| i as u32 + 1);
    let words: Vec<&str> = value.split_whitespace().collect();
    let (day, mon, year, time) = match words.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [_, d, m, y, t, "GMT"] => (d.parse().ok()?, month(m)?, y.parse().ok()?, *t),
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [_, dmy, t, "GMT"] => {
            let mut parts = dmy.split('-');
            let d = parts.next()?.parse().ok()?;
            let m = month(parts.next()?)?;
            let y: i64 = parts.next()?.parse().ok()?;
            (d, m, if y < 70 { 2000 + y } else { 1900 + y }, *t)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [_, m, d, t, y] => (d.parse().ok()?, month(m)?, y.parse().ok()?, *t),
        _ => return None,
    };
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if day == 0 || day > 31 || h > 23 || mi > 59 || s > 60 || !(1970..=9999).contains(&year) {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, mon, day)).ok()?;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
