/**
 * The Kubernetes manifests in deploy/kubernetes/ (base/, the dev overlay, the autoscaling
 * component): every document is valid against the Kubernetes
 * API schema (kubernetes-models), and the resources fit together and fit this service (labels and
 * selectors, ports and probes, ConfigMap/Secret references, security settings, the variables the
 * README documents and the service's own configuration validation). No cluster needed.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap, IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { INamespace, Namespace } from 'kubernetes-models/v1/Namespace';
import { ISecret, Secret } from 'kubernetes-models/v1/Secret';
import { IService, Service } from 'kubernetes-models/v1/Service';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { IPodDisruptionBudget, PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { HorizontalPodAutoscaler, IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import { loadConfig } from '../src/config/app-config';

const ROOT = resolve(__dirname, '..');
const KUBERNETES_DIR = join(ROOT, 'deploy', 'kubernetes');
const BASE_DIR = join(KUBERNETES_DIR, 'base');
const AUTOSCALING_DIR = join(KUBERNETES_DIR, 'components', 'autoscaling');
const DEV_DIR = join(KUBERNETES_DIR, 'overlays', 'dev');

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** The kinds these manifests may use: apiVersion/kind → kubernetes-models class. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

interface Manifest {
  /** file#index, relative to the repository, for messages. */
  where: string;
  apiVersion: string;
  kind: string;
  name: string;
  raw: Json;
}

function parseYamlFile(file: string): Json[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  if (!Array.isArray(documents)) {
    return []; // an empty stream
  }
  return documents.flatMap((document, index) => {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      throw new Error(`${relative(ROOT, file)}#${index}: ${problems.map((problem) => problem.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) {
      return []; // an empty document, e.g. a trailing `---`
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${relative(ROOT, file)}#${index} is not a YAML mapping`);
    }
    return [value as Json];
  });
}

interface Kustomization {
  dir: string;
  raw: Json;
  resources: string[];
  manifests: Manifest[];
}

/** Only the kustomization file itself, for kustomizations whose resources are directories. */
function kustomizationFile(dir: string): Json {
  const documents = parseYamlFile(join(dir, 'kustomization.yaml'));
  if (documents.length !== 1) throw new Error(`${relative(ROOT, dir)}/kustomization.yaml must hold exactly one document`);
  return documents[0];
}

function loadKustomization(dir: string): Kustomization {
  const documents = parseYamlFile(join(dir, 'kustomization.yaml'));
  if (documents.length !== 1) {
    throw new Error(`${relative(ROOT, dir)}/kustomization.yaml must hold exactly one document`);
  }
  const raw = documents[0];
  const resources = (raw.resources ?? []) as unknown[];
  if (!Array.isArray(resources) || !resources.every((entry) => typeof entry === 'string')) {
    throw new Error(`${relative(ROOT, dir)}/kustomization.yaml: resources must be a list of file names`);
  }
  const manifests = (resources as string[]).flatMap((resource) => {
    const file = join(dir, resource);
    if (!existsSync(file)) {
      throw new Error(`${relative(ROOT, dir)}/kustomization.yaml lists ${resource}, which does not exist`);
    }
    return parseYamlFile(file).map((document, index): Manifest => {
      const metadata = (document.metadata ?? {}) as Json;
      return {
        where: `${relative(ROOT, file)}#${index}`,
        apiVersion: String(document.apiVersion),
        kind: String(document.kind),
        name: String(metadata.name),
        raw: document,
      };
    });
  });
  return { dir, raw, resources: resources as string[], manifests };
}

const base = loadKustomization(BASE_DIR);
const autoscaling = loadKustomization(AUTOSCALING_DIR);
const root = kustomizationFile(KUBERNETES_DIR);
const dev = kustomizationFile(DEV_DIR);
/** The dev overlay's strategic-merge patches, by kind/name. */
const devPatches = new Map(
  ((dev.patches ?? []) as Array<{ path?: string }>).flatMap((entry) => {
    if (!entry.path) throw new Error('overlays/dev: only patch files (path:) are evaluated by this test');
    return parseYamlFile(join(DEV_DIR, entry.path)).map((document) => [`${document.kind}/${(document.metadata as Json).name}`, document] as const);
  }),
);
const allManifests = [...base.manifests, ...autoscaling.manifests];

function only<T>(kind: string, name: string, manifests: Manifest[] = base.manifests): T {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.name === name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind} ${name} in the manifests, found ${found.length}`);
  }
  return found[0].raw as unknown as T;
}

const deployment = only<IDeployment>('Deployment', 'serviceorchestration');
const service = only<IService>('Service', 'serviceorchestration');
const configMap = only<IConfigMap>('ConfigMap', 'serviceorchestration-config');
const secret = only<ISecret>('Secret', 'serviceorchestration-secrets');
const migrationJob = only<IJob>('Job', 'serviceorchestration-migrate');
const pdb = only<IPodDisruptionBudget>('PodDisruptionBudget', 'serviceorchestration');
const hpa = only<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'serviceorchestration', autoscaling.manifests);

const podTemplate = deployment.spec!.template;
const podSpec = podTemplate.spec!;
const podLabels = podTemplate.metadata?.labels ?? {};
const container = podSpec.containers[0];
const jobPodSpec = migrationJob.spec!.template.spec!;
const jobContainer = jobPodSpec.containers[0];
const tlsSecret = only<ISecret>('Secret', 'serviceorchestration-tls');
const containerPort = (name: string) => (container.ports ?? []).find((port) => port.name === name)?.containerPort;

/** Every variable the ConfigMap and the Secret give the pods. */
function configuredEnvironment(): Record<string, string> {
  const secretValues: Record<string, string> = { ...(secret.stringData ?? {}) };
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    secretValues[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return { ...(configMap.data ?? {}), ...secretValues };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

function selectsLabelSelector(selector: ILabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  if ((selector.matchExpressions ?? []).length > 0) {
    throw new Error('matchExpressions are not evaluated by this test; use matchLabels');
  }
  return selects(selector.matchLabels, labels);
}

/** CPU in cores ("100m", "1", "0.5"). */
function cpu(quantity: string | number | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(quantity));
  if (!match) throw new Error(`not a CPU quantity: ${quantity}`);
  return Number(match[1]) / (match[2] === 'm' ? 1000 : 1);
}

/** Memory in bytes ("256Mi", "1G", "1000"). */
function memory(quantity: string | number | undefined): number {
  const units: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const match = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  return Number(match[1]) * units[match[2] ?? ''];
}

/** The variable names the README's Configuration table documents (`PORT` (alias `SERVER_PORT`) → both). */
function documentedVariables(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const names = new Set<string>();
  for (const line of section[1].split('\n')) {
    if (!line.trim().startsWith('|')) continue;
    const firstCell = line.trim().slice(1).split('|')[0];
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]);
  }
  if (names.size < 10) throw new Error(`README.md's Configuration table yielded only ${names.size} variables`);
  return names;
}

/**
 * Every field name the Kubernetes schemas know (kubernetes-models' compiled validators name each
 * property as `instancePath+"/<name>"`). The validators accept unknown fields, as the API server
 * does without strict field validation; this catches misspelled ones (`mountpath`, `replica`).
 */
function knownFieldNames(): Set<string> {
  const names = new Set<string>();
  const dirs = [
    join(ROOT, 'node_modules', 'kubernetes-models', '_schemas'),
    join(ROOT, 'node_modules', '@kubernetes-models', 'apimachinery', '_schemas'),
  ];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/instancePath\+"\/([^"]+)"/g)) names.add(match[1]);
    }
  }
  return names;
}

/** Keys whose values are free-form maps (label keys, variable names, resource names). */
const FREE_FORM_KEYS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'stringData', 'binaryData', 'nodeSelector', 'limits', 'requests']);

function unknownFields(value: unknown, known: Set<string>, path: string, kind: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => unknownFields(item, known, `${path}[${index}]`, kind));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    const problems = known.has(key) ? [] : [childPath];
    const freeForm = FREE_FORM_KEYS.has(key) || (kind === 'Service' && childPath === 'spec.selector');
    return freeForm ? problems : [...problems, ...unknownFields(child, known, childPath, kind)];
  });
}

function probePath(probe: IProbe | undefined): string | undefined {
  return probe?.httpGet?.path;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  describe('kustomization', () => {
    it('applies the base from deploy/kubernetes (overlays must not lie inside what they build on)', () => {
      expect(root.kind).toBe('Kustomization');
      expect(root.resources).toEqual(['base']);
    });

    it('is a Kustomization that lists existing, distinct files', () => {
      expect(base.raw.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
      expect(base.raw.kind).toBe('Kustomization');
      expect(base.resources.length).toBeGreaterThan(0);
      expect(new Set(base.resources).size).toBe(base.resources.length);
    });

    it('lists every YAML file of deploy/kubernetes/base/', () => {
      const files = readdirSync(BASE_DIR).filter((name) => /\.ya?ml$/.test(name) && !/^kustomization\.ya?ml$/.test(name));
      expect(files.length).toBeGreaterThan(0);
      expect(files.filter((file) => !base.resources.includes(file))).toEqual([]);
    });

    it('lists every YAML file of the autoscaling component, which is a Component', () => {
      expect(autoscaling.raw.apiVersion).toBe('kustomize.config.k8s.io/v1alpha1');
      expect(autoscaling.raw.kind).toBe('Component');
      const files = readdirSync(AUTOSCALING_DIR).filter((name) => /\.ya?ml$/.test(name) && !/^kustomization\.ya?ml$/.test(name));
      expect(files.filter((file) => !autoscaling.resources.includes(file))).toEqual([]);
    });

    it('puts everything in one namespace, which the Namespace resource (if any) creates', () => {
      expect(typeof base.raw.namespace).toBe('string');
      for (const namespace of base.manifests.filter((manifest) => manifest.kind === 'Namespace')) {
        expect((namespace.raw as unknown as INamespace).metadata?.name).toBe(base.raw.namespace);
      }
    });

    it('sets the image tag by `images:` for the image the Deployment and the Job use, at package.json\'s version', () => {
      const images = base.raw.images as Array<{ name: string; newName?: string; newTag?: string }>;
      const imageName = (image: string | undefined) => String(image).replace(/[:@].*$/, '');
      expect(images).toHaveLength(1);
      expect(imageName(container.image)).toBe(images[0].name);
      expect(imageName(jobContainer.image)).toBe(images[0].name);
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      expect(images[0].newTag).toBe(version);
    });

    it('does not let labels it adds change selectors (a Deployment selector is immutable)', () => {
      expect(base.raw.commonLabels).toBeUndefined();
      for (const entry of (base.raw.labels ?? []) as Array<{ includeSelectors?: boolean }>) {
        expect(entry.includeSelectors ?? false).toBe(false);
      }
    });
  });

  describe('schema', () => {
    const known = knownFieldNames();

    it('knows the Kubernetes field names (kubernetes-models still exposes them)', () => {
      expect(known.size).toBeGreaterThan(500);
      expect(known.has('readinessProbe')).toBe(true);
    });

    it.each(allManifests.map((manifest) => [`${manifest.where} ${manifest.kind} ${manifest.name}`, manifest] as const))(
      '%s is valid against the Kubernetes API schema',
      (_title, manifest) => {
        const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
        if (!Model) {
          throw new Error(
            `${manifest.where}: ${manifest.apiVersion} ${manifest.kind} is not a kind this test knows (${Object.keys(MODELS).join(', ')}); add it to MODELS`,
          );
        }
        expect(() => new Model(manifest.raw as never).validate()).not.toThrow();
        expect(unknownFields(manifest.raw, known, '', manifest.kind)).toEqual([]);
        const metadata = manifest.raw.metadata as Json;
        expect(metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        // Namespace-less: the kustomization's `namespace:` decides.
        expect(metadata.namespace).toBeUndefined();
      },
    );

    it('has no two resources of one kind with the same name', () => {
      const keys = allManifests.map((manifest) => `${manifest.kind}/${manifest.name}`);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    });
  });

  describe('Deployment and Service', () => {
    it('runs at least 2 replicas of one container, rolling with no unavailable pod', () => {
      expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
      expect(podSpec.containers).toHaveLength(1);
      expect(deployment.spec!.strategy?.type ?? 'RollingUpdate').toBe('RollingUpdate');
      expect(deployment.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    });

    it('selects its own pod labels', () => {
      expect(selectsLabelSelector(deployment.spec!.selector, podLabels)).toBe(true);
    });

    it('keeps the image\'s command (node dist/main.js)', () => {
      expect(container.command).toBeUndefined();
      expect(container.args).toBeUndefined();
    });

    it('exposes the API on 8465 as port `api`, health and metrics as port `management`, and no MQTT port (the broker is external)', () => {
      expect(container.ports).toEqual([
        expect.objectContaining({ name: 'api', containerPort: 8465 }),
        expect.objectContaining({ name: 'management', containerPort: Number(configMap.data!.MANAGEMENT_PORT) }),
      ]);
    });

    it('lets Prometheus scrape /metrics on the management port', () => {
      const annotations = podTemplate.metadata?.annotations ?? {};
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/port']).toBe(String(containerPort('management')));
      expect(annotations['prometheus.io/path']).toBe('/metrics');
    });

    it('has a ClusterIP Service on 8465 (HTTPS) whose selector matches the pods and whose targetPort names the API port', () => {
      expect(service.spec!.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(selects(service.spec!.selector, podLabels)).toBe(true);
      const portNames = (container.ports ?? []).map((port) => port.name);
      expect(service.spec!.ports).toHaveLength(1);
      const [port] = service.spec!.ports!;
      expect(port.port).toBe(8465);
      expect(typeof port.targetPort).toBe('string');
      expect(portNames).toContain(port.targetPort);
      expect(port.targetPort).toBe('api');
      expect(port.appProtocol).toBe('https');
    });

    it('probes /health/live (liveness, start-up) and /health/ready (readiness) over plain HTTP on the management port', () => {
      expect(probePath(container.livenessProbe)).toBe('/health/live');
      expect(probePath(container.readinessProbe)).toBe('/health/ready');
      expect(probePath(container.startupProbe)).toBe('/health/live');
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        expect(probe!.httpGet!.port).toBe('management');
        expect(probe!.httpGet!.scheme ?? 'HTTP').toBe('HTTP');
      }
      // Start-up migrates (waiting for other replicas' advisory lock) and connects to the broker.
      const startup = container.startupProbe!;
      expect((startup.failureThreshold ?? 3) * (startup.periodSeconds ?? 10)).toBeGreaterThanOrEqual(120);
    });

    it('sleeps before SIGTERM, within terminationGracePeriodSeconds 30', () => {
      expect(podSpec.terminationGracePeriodSeconds).toBe(30);
      const preStop = container.lifecycle?.preStop;
      const seconds = preStop?.sleep?.seconds ?? Number(/^sleep$/.test(preStop?.exec?.command?.[0] ?? '') ? preStop?.exec?.command?.[1] : NaN);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(10);
    });

    it('prefers to spread its pods over nodes', () => {
      const spread = (podSpec.topologySpreadConstraints ?? []).some(
        (constraint) => constraint.topologyKey === 'kubernetes.io/hostname' && selectsLabelSelector(constraint.labelSelector, podLabels),
      );
      const antiAffinity = (podSpec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some(
        (term) => term.podAffinityTerm.topologyKey === 'kubernetes.io/hostname' && selectsLabelSelector(term.podAffinityTerm.labelSelector, podLabels),
      );
      expect(spread || antiAffinity).toBe(true);
    });

    it('has a PodDisruptionBudget that selects the pods and still allows a drain', () => {
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(selectsLabelSelector(pdb.spec!.selector, podLabels)).toBe(true);
      expect(pdb.spec!.minAvailable).toBe(1);
      expect(Number(pdb.spec!.minAvailable)).toBeLessThan(deployment.spec!.replicas!);
    });
  });

  describe('configuration', () => {
    const documented = documentedVariables();
    const environment = configuredEnvironment();

    it('takes the environment from the ConfigMap and the Secret of these manifests', () => {
      const envFrom = container.envFrom ?? [];
      const configMaps = envFrom.flatMap((source) => (source.configMapRef ? [source.configMapRef.name] : []));
      const secrets = envFrom.flatMap((source) => (source.secretRef ? [source.secretRef.name] : []));
      expect(configMaps).toEqual([configMap.metadata!.name]);
      expect(secrets).toEqual([secret.metadata!.name]);
      for (const source of envFrom) {
        expect(source.configMapRef?.optional ?? source.secretRef?.optional ?? false).toBe(false);
      }
    });

    it('uses only variables that the README\'s Configuration table documents', () => {
      const names = Object.keys(environment);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name) => !documented.has(name))).toEqual([]);
    });

    it('keeps credentials in the Secrets, as placeholders', () => {
      for (const name of ['DATABASE_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD']) {
        expect(configMap.data?.[name]).toBeUndefined();
      }
      expect(secret.stringData?.DATABASE_URL).toEqual(expect.stringContaining('REPLACE_ME'));
      expect(secret.data).toBeUndefined();
      expect(tlsSecret.type).toBe('kubernetes.io/tls');
      expect(Object.keys(tlsSecret.stringData ?? {}).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      for (const value of Object.values(tlsSecret.stringData ?? {})) expect(value).toContain('REPLACE_ME');
      expect(tlsSecret.data).toBeUndefined();
    });

    it('runs HTTPS and MQTTS with the certificate policy, with the files of the mounted TLS Secret', () => {
      const config = loadConfig({ ...environment });
      expect(config.tls.enabled).toBe(true);
      expect(config.auth.policy).toBe('certificate');
      expect(config.mqtt.url).toMatch(/^mqtts:\/\//);
      const volume = (podSpec.volumes ?? []).find((candidate) => candidate.secret?.secretName === tlsSecret.metadata!.name);
      expect(volume).toBeDefined();
      const mount = (container.volumeMounts ?? []).find((volumeMount) => volumeMount.name === volume!.name);
      expect(mount?.readOnly).toBe(true);
      for (const file of [config.tls.certFile, config.tls.keyFile, config.tls.caFile]) {
        expect(file).toMatch(new RegExp(`^${mount!.mountPath}/(tls\\.crt|tls\\.key|ca\\.crt)$`));
      }
    });

    it('uses an external database and broker, with shared subscriptions (no embedded ones per pod)', () => {
      expect(environment.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
      expect(environment.MQTT_URL).toMatch(/^(mqtts?|tcp|ssl|wss?):\/\//);
      expect(environment.MQTT_SHARED_GROUP).toBeTruthy();
      expect(environment.MQTT_ENABLED ?? 'true').toBe('true');
    });

    it('leaves MQTT_CLIENT_ID unset, so that every pod gets its own', () => {
      expect(environment.MQTT_CLIENT_ID).toBeUndefined();
      for (const workload of [podSpec, jobPodSpec]) {
        for (const each of workload.containers) {
          expect((each.env ?? []).map((variable) => variable.name)).not.toContain('MQTT_CLIENT_ID');
        }
      }
    });

    it('is accepted by the service\'s own configuration validation, with HTTP on the container port', () => {
      const first = loadConfig({ ...environment });
      const second = loadConfig({ ...environment });
      expect(first.database.url).toBe(environment.DATABASE_URL);
      expect(first.mqtt.url).toBe(environment.MQTT_URL);
      expect(first.mqtt.sharedGroup).toBe(environment.MQTT_SHARED_GROUP);
      expect(first.mqtt.clientId).not.toBe(second.mqtt.clientId);
      expect(first.http.port).toBe(containerPort('api'));
      expect(first.http.managementPort).toBe(containerPort('management'));
    });

    it('turns off Docker-link variables, which could collide with MQTT_PORT or SERVER_PORT', () => {
      expect(podSpec.enableServiceLinks).toBe(false);
      expect(jobPodSpec.enableServiceLinks).toBe(false);
    });
  });

  describe.each([
    ['Deployment', podTemplate],
    ['migration Job', migrationJob.spec!.template],
  ] as Array<[string, IPodTemplateSpec]>)('%s pods', (_name, template) => {
    const spec: IPodSpec = template.spec!;

    it.each(spec.containers.map((each) => [each.name, each] as [string, IContainer]))('container %s runs as non-root, read-only, without privileges', (_container, each) => {
      const pod = spec.securityContext ?? {};
      const own = each.securityContext ?? {};
      expect(own.runAsNonRoot ?? pod.runAsNonRoot).toBe(true);
      expect(own.runAsUser ?? pod.runAsUser).toBe(1000);
      expect(own.readOnlyRootFilesystem).toBe(true);
      expect(own.allowPrivilegeEscalation).toBe(false);
      expect(own.privileged ?? false).toBe(false);
      expect(own.capabilities?.drop).toContain('ALL');
      expect(own.capabilities?.add ?? []).toEqual([]);
    });

    it.each(spec.containers.map((each) => [each.name, each] as [string, IContainer]))('container %s has a writable /tmp from an emptyDir', (_container, each) => {
      const mount = (each.volumeMounts ?? []).find((volumeMount) => volumeMount.mountPath === '/tmp');
      expect(mount).toBeDefined();
      const volume = (spec.volumes ?? []).find((candidate) => candidate.name === mount!.name);
      expect(volume?.emptyDir).toBeDefined();
      expect(mount!.readOnly ?? false).toBe(false);
    });

    it.each(spec.containers.map((each) => [each.name, each] as [string, IContainer]))('container %s has CPU and memory requests within limits', (_container, each) => {
      const { requests = {}, limits = {} } = each.resources ?? {};
      expect(cpu(requests.cpu)).toBeLessThanOrEqual(cpu(limits.cpu));
      expect(memory(requests.memory)).toBeLessThanOrEqual(memory(limits.memory));
      const heap = /--max-old-space-size=(\d+)/.exec((each.env ?? []).find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '');
      if (heap) {
        expect(Number(heap[1]) * 2 ** 20).toBeLessThan(memory(limits.memory));
      }
    });

    it('do not mount a service account token (the service does not use the Kubernetes API)', () => {
      expect(spec.automountServiceAccountToken).toBe(false);
    });
  });

  describe('migration Job', () => {
    const jobLabels = migrationJob.spec!.template.metadata?.labels ?? {};

    it('runs node dist/database/migrate.js once per attempt', () => {
      expect(jobPodSpec.containers).toHaveLength(1);
      expect([...(jobContainer.command ?? []), ...(jobContainer.args ?? [])]).toEqual(['node', 'dist/database/migrate.js']);
      expect(['Never', 'OnFailure']).toContain(jobPodSpec.restartPolicy);
    });

    it('uses the Deployment\'s image and environment', () => {
      expect(jobContainer.image).toBe(container.image);
      expect(jobContainer.envFrom).toEqual(container.envFrom);
      expect(jobContainer.env ?? []).toEqual(container.env ?? []);
    });

    it('has pods that neither the Service, the PodDisruptionBudget nor the Deployment select', () => {
      expect(selects(service.spec!.selector, jobLabels)).toBe(false);
      expect(selectsLabelSelector(pdb.spec!.selector, jobLabels)).toBe(false);
      expect(selectsLabelSelector(deployment.spec!.selector, jobLabels)).toBe(false);
    });
  });

  describe('dev overlay (overlays/dev)', () => {
    const configPatch = devPatches.get(`ConfigMap/${configMap.metadata!.name}`) as { data?: Record<string, string | null> } | undefined;
    /** The ConfigMap as the overlay's strategic merge makes it (`null` removes a key). */
    const devEnvironment = (): Record<string, string> => {
      const merged: Record<string, string | null> = { ...configuredEnvironment(), ...(configPatch?.data ?? {}) };
      return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
    };

    it('builds on the base', () => {
      expect(dev.kind).toBe('Kustomization');
      expect(dev.resources).toEqual(['../../base']);
    });

    it('keeps the declared policy over plain HTTP and MQTT, and is accepted by the service\'s validation', () => {
      const config = loadConfig(devEnvironment());
      expect(config.auth.policy).toBe('declared');
      expect(config.tls.enabled).toBe(false);
      expect(config.mqtt.url).toMatch(/^mqtt:\/\//);
      expect(config.http.managementPort).toBe(containerPort('management'));
      expect(Object.keys(devEnvironment()).filter((name) => name.startsWith('TLS_') && name !== 'TLS_ENABLED')).toEqual([]);
    });

    it('drops the TLS Secret, its volume and its mount, and calls the API port plain HTTP', () => {
      expect(devPatches.get(`Secret/${tlsSecret.metadata!.name}`)?.$patch).toBe('delete');
      const deploymentPatch = devPatches.get(`Deployment/${deployment.metadata!.name}`) as unknown as IDeployment;
      const tlsVolume = (podSpec.volumes ?? []).find((volume) => volume.secret?.secretName === tlsSecret.metadata!.name)!;
      const tlsMount = (container.volumeMounts ?? []).find((volumeMount) => volumeMount.name === tlsVolume.name)!;
      expect(deploymentPatch.spec!.template.spec!.volumes).toEqual([{ name: tlsVolume.name, $patch: 'delete' }]);
      expect(deploymentPatch.spec!.template.spec!.containers).toEqual([
        { name: container.name, volumeMounts: [{ mountPath: tlsMount.mountPath, $patch: 'delete' }] },
      ]);
      const servicePatch = devPatches.get(`Service/${service.metadata!.name}`) as unknown as IService;
      expect(servicePatch.spec!.ports).toEqual([{ port: 8465, protocol: 'TCP', appProtocol: 'http' }]);
    });
  });

  describe('autoscaling component', () => {
    it('scales the Deployment on CPU between 2 and 6 replicas', () => {
      expect(hpa.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata!.name });
      expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec!.minReplicas!).toBeGreaterThan(Number(pdb.spec!.minAvailable));
      expect(hpa.spec!.maxReplicas).toBe(6);
      const cpuMetric = (hpa.spec!.metrics ?? []).find((metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu');
      expect(cpuMetric?.resource?.target.type).toBe('Utilization');
      // Utilization is relative to the request: the container must have one.
      expect(container.resources?.requests?.cpu).toBeDefined();
    });

    it('removes the Deployment\'s replicas, so that kubectl apply does not fight the autoscaler', () => {
      const patches = (autoscaling.raw.patches ?? []) as Array<{ target?: Json; patch?: string }>;
      const removal = patches.find((entry) => entry.target?.kind === 'Deployment' && entry.target?.name === deployment.metadata!.name);
      expect(removal).toBeDefined();
      const operations = parse(removal!.patch ?? '') as unknown;
      expect(operations).toContainEqual({ op: 'remove', path: '/spec/replicas' });
    });
  });
});
