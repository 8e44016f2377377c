//! Bulk writes for the demo builder.
