/** The library version stamped on every result. Kept in sync with package.json by a test. */
export const LIBRARY_VERSION = '0.1.0';
