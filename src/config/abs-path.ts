/**
 * Redis's notion of an absolute config path: trimmed, joined to the working
 * directory, with only leading `../` folded away (`./x` and inner `..` stay).
 * The result is visible (INFO config_file, error messages), so Node's full
 * normalisation would be a difference.
 */
export function redisAbsolutePath(filename: string, cwd: string): string {
  let rel = filename.replace(/^[ \r\n\t]+|[ \r\n\t]+$/g, '');
  if (rel.startsWith('/')) return rel;
  let abs = cwd.endsWith('/') ? cwd : `${cwd}/`;
  while (rel.startsWith('../')) {
    rel = rel.slice(3);
    if (abs.length > 1) {
      const cut = abs.lastIndexOf('/', abs.length - 2);
      abs = abs.slice(0, cut + 1);
    }
  }
  return abs + rel;
}
