//! Demo database builder (work in progress).
