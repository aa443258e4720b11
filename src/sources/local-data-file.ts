/** A delivered file on this machine, ready for DuckDB, with where it came from. */
export interface LocalDataFile {
  key: string;
  /** Where DuckDB reads it. */
  path: string;
  /** For messages: the object's URL. */
  url: string;
  size: number;
  etag?: string;
}
