/**
 * What the rewriter is asked to write for one option key. Redis decides per
 * produced line whether it must appear ("forced", the value is not the
 * default) or may only replace a line the file already has.
 */
export interface RewriteLine {
  text: string;
  force: boolean;
}

export interface RewriteOption {
  /** lower-case directive name (primary name for aliases), or `sentinel <sub>` */
  key: string;
  /** may be empty: the key is then only "handled", so its old lines are blanked */
  lines: RewriteLine[];
}
