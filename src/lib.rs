//! loket: the front desk of an Indonesian immigration office (Kantor Imigrasi).
//!
//! Layers, each depending only on those below it:
//! - [`domain`]: pure rules (NIK, lifecycle, check-in window, calendar, fees, queue numbers, settings);
//! - [`store`]: SQLite, where every change is one transaction with its audit row;
//! - [`import`], [`demo`]: use cases over domain and store;
//! - [`cli`] and [`tui`]: the command line and the full-screen desk.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod domain;
pub mod import;
pub mod report;
pub mod store;
pub mod tui;
