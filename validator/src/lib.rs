//! brisk-validator: being written (issue 2).
