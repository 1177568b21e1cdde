// Salesforce serves `//services/data/…` like `/services/data/…`. The Salesforce CLI stores an instance
// URL given with a trailing slash as is and then requests `https://host//services/data/v…`, so runs
// of slashes in the path (never in the query string) are collapsed before routing.
import type { RequestHandler } from 'express';

export const collapseSlashes: RequestHandler = (req, _res, next) => {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  if (path.includes('//')) req.url = path.replace(/\/{2,}/g, '/') + (q < 0 ? '' : req.url.slice(q));
  next();
};
