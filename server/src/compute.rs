//! Work off the async threads: parsing, validating, analysing and rendering a request run here,
//! on tokio's blocking pool, behind limits sized to the machine.
//!
//! The async threads (one per core) only move bytes and wait on the database, so pages and
//! `/healthz` answer promptly while heavy requests run. The work itself goes in two lanes, each
//! with one turn per core: the **heavy** lane for what can take up to seconds (analyses,
//! documents, hotspots of a million keys), the **light** lane for what every save and sign-in
//! needs (reading and checking a design, writing it, comparing revisions, password hashes), so
//! that saves are not queued behind PDFs. In each lane at most `queue` more jobs wait for a turn;
//! a request beyond that is refused at once with 503 and `Retry-After` (memory stays bounded:
//! every waiting request holds at most one body). Every job has a deadline, counted from the
//! moment it asks for a turn; past it the request is answered with a JSON error and the job's
//! result, when it comes, is dropped (the job keeps its turn until it ends, so the limit holds
//! even then; the engine's own bounds keep jobs short).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::error::Error;

/// The two lanes of work, shared by every request.
#[derive(Clone, Debug)]
pub struct Compute {
    /// Analyses, documents, hotspots.
    pub heavy: Lane,
    /// Reading, checking and writing designs; comparing revisions; password hashes.
    pub light: Lane,
}

impl Compute {
    /// Both lanes with `workers` turns, `queue` waiting and the same `deadline`.
    pub fn new(workers: usize, queue: usize, deadline: Duration) -> Self {
        Self {
            heavy: Lane::new(workers, queue, deadline),
            light: Lane::new(workers, queue, deadline),
        }
    }

    /// One turn per core in each lane; in the heavy lane four times as many waiting, in the
    /// light lane (jobs of a millisecond or so: a burst of saves must not be refused) 64; a
    /// deadline of `deadline`. A waiting request holds its body, at most the body limit: 64
    /// waiting saves of 4 MiB are 256 MiB.
    pub fn for_this_machine(deadline: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            heavy: Lane::new(cores, (cores * 4).max(8), deadline),
            light: Lane::new(cores, 64, deadline),
        }
    }
}

/// One lane: its turns, who waits for them, and the deadline.
#[derive(Clone, Debug)]
pub struct Lane {
    turns: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    queue: usize,
    deadline: Duration,
}

impl Lane {
    /// `workers` jobs at once, `queue` more waiting, each answered within `deadline`.
    pub fn new(workers: usize, queue: usize, deadline: Duration) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(workers.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            queue,
            deadline,
        }
    }

    /// Runs `job` on the blocking pool when a turn is free. `what` names the work in errors
    /// ("the analysis").
    pub async fn run<T, F>(&self, what: &'static str, job: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let asked = Instant::now();
        let turn = match self.turns.clone().try_acquire_owned() {
            Ok(turn) => turn,
            Err(_) => {
                // Count ourselves among the waiting; refuse when the queue is full.
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(Error::Overloaded { retry_after_secs: 1 });
                }
                let waited = tokio::time::timeout(self.deadline, self.turns.clone().acquire_owned()).await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                match waited {
                    Ok(Ok(turn)) => turn,
                    Ok(Err(_closed)) => return Err(Error::Overloaded { retry_after_secs: 1 }),
                    Err(_) => return Err(self.too_slow(what)),
                }
            }
        };
        let handle = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            job()
        });
        let left = self.deadline.saturating_sub(asked.elapsed());
        match tokio::time::timeout(left, handle).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(failed)) => {
                tracing::error!(error = %failed, "{what} failed");
                Err(Error::Internal(format!(
                    "{what} failed; this is a bug of the studio"
                )))
            }
            Err(_) => Err(self.too_slow(what)),
        }
    }

    fn too_slow(&self, what: &'static str) -> Error {
        Error::DeadlineExceeded(format!(
            "{what} did not finish within {} s; the studio is busy or the design is too large for it",
            self.deadline.as_secs()
        ))
    }

    /// Jobs waiting for a turn now (for tests and logs).
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_is_refused_and_a_slow_job_misses_its_deadline() {
        let compute = Lane::new(1, 1, Duration::from_millis(300));
        let gate = Arc::new(std::sync::Barrier::new(2));
        let busy = {
            let (compute, gate) = (compute.clone(), gate.clone());
            tokio::spawn(async move {
                compute
                    .run("the first job", move || {
                        gate.wait();
                        std::thread::sleep(Duration::from_millis(600));
                    })
                    .await
            })
        };
        // Wait until the first job holds the only turn.
        tokio::task::spawn_blocking({
            let gate = gate.clone();
            move || gate.wait()
        })
        .await
        .unwrap();
        let queued = {
            let compute = compute.clone();
            tokio::spawn(async move { compute.run("the second job", || 2).await })
        };
        while compute.waiting() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let refused = compute.run("the third job", || 3).await.unwrap_err();
        assert!(matches!(refused, Error::Overloaded { .. }), "{refused:?}");
        assert!(matches!(busy.await.unwrap(), Err(Error::DeadlineExceeded(_))));
        assert!(matches!(queued.await.unwrap(), Err(Error::DeadlineExceeded(_))));
        // Once the slow job ends, the turn is free again.
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(compute.run("a later job", || 4).await.unwrap(), 4);
    }
}

#[cfg(test)]
mod lanes {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn light_work_does_not_wait_behind_heavy_work() {
        let compute = Compute::new(1, 4, Duration::from_secs(5));
        let heavy = {
            let compute = compute.clone();
            tokio::spawn(async move {
                compute
                    .heavy
                    .run("a document", || std::thread::sleep(Duration::from_millis(800)))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        assert_eq!(compute.light.run("a save", || 7).await.unwrap(), 7);
        assert!(
            started.elapsed() < Duration::from_millis(400),
            "{:?}",
            started.elapsed()
        );
        heavy.await.unwrap().unwrap();
    }
}
