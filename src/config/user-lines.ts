/**
 * The `user` lines of a config file and of its rewrite. Rules are
 * interpreted in one place only, the server's ACL (server/acl): a rewrite
 * writes the users of the running server (Redis re-renders every user from
 * its parsed form, so `>pw` becomes `#<sha256>` and rules come out in a
 * fixed order), never a second reading of the file's declarations.
 */

/** The users of the running server (its ACL), which a rewrite writes instead of the file's declarations. */
export interface LiveUsers {
  /** complete `user <name> <rules>` lines in the order to write them */
  userLines(): string[];
}

/** One `user <name> <rules...>` line as declared in the file. */
export interface UserDecl {
  name: string;
  rules: string[];
}
