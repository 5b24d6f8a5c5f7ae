/** Whether a request path belongs to the admin API (and so to its authorization rules). */
export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}
