//! One module per screen: its state, how it reloads from the store, its own keys, and how it draws.

pub mod audit;
pub mod board;
pub mod checkin;
pub mod close;
pub mod conflicts;
pub mod counter;
pub mod detail;
pub mod fieldwalkin;
pub mod floor;
pub mod group;
pub mod history;
pub mod outreach;
pub mod queue;
pub mod ready;
pub mod report;
pub mod staypermit;
pub mod watchlist;
