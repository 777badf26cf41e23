//! Rendering lint reports: for people, as JSON, as SARIF, and as pccritic prints them.
