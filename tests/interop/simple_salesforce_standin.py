# A stand-in for simple_salesforce (not installable here: PyPI is unreachable) used by the optional
# CRMArena interop scripts (crmarena-parity.mjs, crmarena-harness.ts): the two calls CRMArena's
# SalesforceConnector.run_query makes, sent with `requests` exactly as simple_salesforce sends them.
# Configured by the environment: LF_URL (instance URL) and LF_TOKEN (bearer token).
import os, requests
from collections import OrderedDict
class Salesforce:
    """The two calls SalesforceConnector.run_query makes, as simple_salesforce makes them (OrderedDict JSON, its error text)."""
    def __init__(self, **kw):
        self.base, self.token = os.environ['LF_URL'], os.environ['LF_TOKEN']
    def _get(self, path, params=None):
        r = requests.get(self.base + path, params=params, headers={'Authorization': 'Bearer ' + self.token, 'Content-Type': 'application/json'})
        if r.status_code >= 300:
            raise Exception('Malformed request %s. Response content: %s' % (r.url, r.json()))
        return r.json(object_pairs_hook=OrderedDict)
    def query_all(self, q):
        res = self._get('/services/data/v59.0/query/', {'q': q})
        records = list(res['records'])
        while not res['done']:
            res = self._get(res['nextRecordsUrl'])
            records.extend(res['records'])
        res['records'] = records
        return res
    def search(self, q):
        return self._get('/services/data/v59.0/search/', {'q': q})
