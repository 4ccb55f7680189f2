#!/usr/bin/env python3
"""The deployment recipes' own rules, which no schema knows (deploy/lint.sh runs this; schemas are its other half).

    lint_policy.py DEPLOY_DIR SOURCES_DIR

Checks that the recipes agree with each other and with the code: every ISSUER_* variable and every flag they use is
one the code reads; the Kubernetes manifests keep their hardening, mount the key files where the ConfigMap says,
reference Secrets, ConfigMap keys and ports that exist, and name one image; the systemd units keep their sandbox
and hand each key over as a credential; re-issuance campaigns run somewhere, and the encryption key goes to the API
and the campaign worker only, never to the general workers; the Containerfile is two stages ending as a numeric
non-root user. Prints one line per failed rule and exits 1 if there was any.
"""
import pathlib
import re
import sys

import yaml

failures = []
checks = 0


def check(ok, message):
    global checks
    checks += 1
    if not ok:
        failures.append(message)
    return ok


# ---------------------------------------------------------------------------------------------------------------
# What the code reads.

def source_texts(sources):
    return {p: p.read_text(encoding="utf-8") for p in sources.rglob("*.swift")}


def known_variables(texts):
    found = set()
    for text in texts.values():
        found.update(re.findall(r"\bISSUER_[A-Z0-9_]+\b", text))
    return found


def command_files(sources, command):
    """The Swift files declaring `idos-issuer COMMAND` and its option groups."""
    cli = sources / "idos-issuer"
    for path in sorted((cli / "Commands").glob("*.swift")):
        text = path.read_text(encoding="utf-8")
        names = {m.lower() for m in re.findall(r"struct (\w+): (?:Async)?ParsableCommand", text)}
        names.update(re.findall(r'commandName: "([\w-]+)"', text))
        if command in names:
            return [path] + sorted((cli / "Options").glob("*.swift"))
    return []


def declares_flag(files, flag):
    camel = re.sub(r"-(\w)", lambda m: m.group(1).upper(), flag)
    pattern = re.compile(r"@(?:Option|Flag)(?:\((?:[^()]|\([^()]*\))*\))?\s*var\s+" + re.escape(camel) + r"\b")
    for path in files:
        text = path.read_text(encoding="utf-8")
        if f'customLong("{flag}")' in text or pattern.search(text):
            return True
    return False


def check_command_line(sources, where, argv):
    """argv without the program: a command, then its flags (values are skipped)."""
    if not check(bool(argv), f"{where}: no idos-issuer command"):
        return
    command = argv[0]
    files = command_files(sources, command)
    if not check(bool(files), f"{where}: `idos-issuer {command}` is not a command of Sources/idos-issuer"):
        return
    for arg in argv[1:]:
        if arg.startswith("--"):
            flag = arg[2:].split("=", 1)[0]
            check(declares_flag(files, flag), f"{where}: `idos-issuer {command}` has no flag --{flag}")


# ---------------------------------------------------------------------------------------------------------------
# Containerfile.

def containerfile(deploy):
    text = (deploy / "container" / "Containerfile").read_text(encoding="utf-8")
    path = "deploy/container/Containerfile"
    # Join continuation lines and drop comments, as a container build reads the file.
    logical, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            logical.append(current.strip())
        current = ""
    instructions = [(l.split(None, 1)[0].upper(), l.split(None, 1)[1] if " " in l else "") for l in logical]
    stages, stage = [], None
    for op, rest in instructions:
        if op == "FROM":
            stage = {"from": rest, "ops": []}
            stages.append(stage)
        elif op == "ARG" and stage is None:
            continue
        else:
            check(stage is not None, f"{path}: {op} before the first FROM")
            if stage is not None:
                stage["ops"].append((op, rest))
    check(len(stages) >= 2, f"{path}: expected a build stage and a runtime stage, found {len(stages)} FROM")
    if not stages:
        return None
    final = stages[-1]
    users = [rest for op, rest in final["ops"] if op == "USER"]
    uid = None
    if check(bool(users), f"{path}: the final stage sets no USER"):
        user = users[-1].split(":")[0]
        if check(user.isdigit() and int(user) != 0, f"{path}: the final USER must be a numeric non-root uid, got {user}"):
            uid = int(user)
    entry = [rest for op, rest in final["ops"] if op == "ENTRYPOINT"]
    check(entry and entry[-1].startswith('["/usr/local/bin/idos-issuer"'),
          f"{path}: the final ENTRYPOINT must be the exec form of /usr/local/bin/idos-issuer")
    copies = " ".join(rest for op, rest in stages[0]["ops"] if op == "RUN")
    check(".resources" in copies, f"{path}: the build stage does not copy the SwiftPM *.resources bundles")
    check(any(op == "HEALTHCHECK" for op, _ in final["ops"]), f"{path}: the final stage should say HEALTHCHECK NONE")
    for s in stages:
        check(not s["from"].split()[0].endswith(":latest"), f"{path}: FROM {s['from']} uses :latest")
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.M))
    for s in stages:
        image = s["from"].split()[0]
        m = re.fullmatch(r"\$\{(\w+)\}", image)
        if m:
            check(m.group(1) in args, f"{path}: FROM {image} has no ARG default")
    exposed = set()
    for op, rest in final["ops"]:
        if op == "EXPOSE":
            exposed.update(int(p.split("/")[0]) for p in rest.split())
    for name in (".containerignore", ".dockerignore"):
        ignore = deploy.parent / name
        if check(ignore.is_file(), f"{name} is missing at the repository root"):
            lines = set(ignore.read_text(encoding="utf-8").split())
            for entry in (".build", ".local", ".venv"):
                check(entry in lines, f"{name} does not ignore {entry}")
    return {"uid": uid, "exposed": exposed}


# ---------------------------------------------------------------------------------------------------------------
# Kubernetes.

def load_manifests(k8s):
    docs = {}
    for path in sorted(k8s.glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            docs[path.name] = [d for d in yaml.safe_load_all(f) if d is not None]
    return docs


ENCRYPTION_KEY_SECRET = "idos-issuer-encryption-key"


def runs_campaigns(argv, env):
    """Whether a process runs re-issuance campaigns: `serve` with its workers, or a `worker` that has the issuer's
    encryption key and the VC issuer (Worker.swift registers the campaign handler only then)."""
    if argv[:1] == ["serve"]:
        return "--no-worker" not in argv
    return argv[:1] == ["worker"] and bool(env.get("ISSUER_ENCRYPTION_KEY_FILE")) and bool(env.get("ISSUER_VC_ISSUER"))


def vc_key_variable(env):
    """The VC key files' variable the code reads (ISSUER_VC_KEY_FILES overrides ISSUER_VC_KEY_FILE), or None."""
    for variable in ("ISSUER_VC_KEY_FILES", "ISSUER_VC_KEY_FILE"):
        if env.get(variable, "").strip():
            return variable
    return None


def pod_specs(docs):
    for name, items in docs.items():
        for d in items:
            if d.get("kind") in ("Deployment", "Job"):
                yield name, d, d["spec"]["template"]["spec"]


def kubernetes(deploy, sources, texts, container):
    k8s = deploy / "k8s"
    docs = load_manifests(k8s)
    by_kind = {}
    for name, items in docs.items():
        for d in items:
            by_kind.setdefault(d.get("kind"), []).append((name, d))

    kustomization = docs.get("kustomization.yaml", [{}])[0]
    listed = kustomization.get("resources", [])
    for r in listed:
        check((k8s / r).is_file(), f"deploy/k8s/kustomization.yaml lists {r}, which does not exist")
    for name in docs:
        if name not in ("kustomization.yaml", "secret.example.yaml", "migrate-job.yaml"):
            check(name in listed, f"deploy/k8s/kustomization.yaml does not list {name}")

    configmap = {}
    for _, d in by_kind.get("ConfigMap", []):
        configmap[d["metadata"]["name"]] = d.get("data", {})
    secrets = {}
    for _, d in by_kind.get("Secret", []):
        secrets[d["metadata"]["name"]] = set((d.get("stringData") or {}).keys()) | set((d.get("data") or {}).keys())

    images = set()
    campaign_runners = []
    for name, d, spec in pod_specs(docs):
        where = f"deploy/k8s/{name} ({d['kind']} {d['metadata']['name']})"
        pod_sc = spec.get("securityContext", {})
        check(pod_sc.get("runAsNonRoot") is True, f"{where}: securityContext.runAsNonRoot must be true")
        check(container is None or container["uid"] is None or pod_sc.get("runAsUser") == container["uid"],
              f"{where}: runAsUser {pod_sc.get('runAsUser')} is not the image's USER {container and container['uid']}")
        check(spec.get("automountServiceAccountToken") is False, f"{where}: automountServiceAccountToken must be false")
        mounts_by_volume = {v["name"]: v for v in spec.get("volumes", [])}
        for c in spec["containers"]:
            cwhere = f"{where} container {c['name']}"
            images.add(c.get("image"))
            sc = c.get("securityContext", {})
            check(sc.get("allowPrivilegeEscalation") is False, f"{cwhere}: allowPrivilegeEscalation must be false")
            check(sc.get("readOnlyRootFilesystem") is True, f"{cwhere}: readOnlyRootFilesystem must be true")
            check(sc.get("capabilities", {}).get("drop") == ["ALL"], f"{cwhere}: capabilities must drop ALL")
            res = c.get("resources", {})
            check("requests" in res and "limits" in res, f"{cwhere}: resources need requests and limits")
            check(bool(c.get("args")), f"{cwhere}: no args (the idos-issuer command)")
            check_command_line(sources, cwhere, c.get("args") or [])
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            if container is not None:
                for pname, port in ports.items():
                    check(port in container["exposed"], f"{cwhere}: port {pname} ({port}) is not EXPOSEd by the Containerfile")
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                get = c.get(probe, {}).get("httpGet")
                if get:
                    check(get["port"] in ports or get["port"] in ports.values(), f"{cwhere}: {probe} port {get['port']} is not a container port")
            # Environment: ConfigMaps, Secrets and their keys exist; the *_FILE paths lie in a mounted volume.
            env = {}
            for src in c.get("envFrom", []):
                ref = src.get("configMapRef", {}).get("name")
                if check(ref in configmap, f"{cwhere}: envFrom ConfigMap {ref} is not in k8s/"):
                    env.update(configmap[ref])
            for e in c.get("env", []):
                ref = e.get("valueFrom", {})
                if "secretKeyRef" in ref:
                    s = ref["secretKeyRef"]
                    check(s["key"] in secrets.get(s["name"], set()),
                          f"{cwhere}: {e['name']} comes from Secret {s['name']} key {s['key']}, which secret.example.yaml does not have")
                    env[e["name"]] = f"<secret {s['name']}/{s['key']}>"
                elif "configMapKeyRef" in ref:
                    s = ref["configMapKeyRef"]
                    check(s["key"] in configmap.get(s["name"], {}),
                          f"{cwhere}: {e['name']} comes from ConfigMap {s['name']} key {s['key']}, which it does not have")
                    env[e["name"]] = configmap.get(s["name"], {}).get(s["key"])
                else:
                    env[e["name"]] = e.get("value")
            mounts = []
            for m in c.get("volumeMounts", []):
                volume = mounts_by_volume.get(m["name"])
                if check(volume is not None, f"{cwhere}: volumeMount {m['name']} has no volume"):
                    mounts.append((m["mountPath"].rstrip("/") + "/", volume))
            argv = c.get("args") or [""]
            command = argv[0]
            campaigns = runs_campaigns(argv, env)
            if campaigns:
                campaign_runners.append(f"deploy/k8s/{name}")
            # The key files each command reads: a worker reads the encryption and VC keys only when it runs campaigns
            # (then it reads them as serve does), and ignores the others the shared ConfigMap names.
            vc_keys = [vc_key_variable(env)] if vc_key_variable(env) else []
            needed = {"serve": ["ISSUER_SIGNING_KEY_FILES", "ISSUER_ENCRYPTION_KEY_FILE", "ISSUER_KEY_PASSPHRASE_FILE"] + vc_keys,
                      "worker": ["ISSUER_SIGNING_KEY_FILES", "ISSUER_KEY_PASSPHRASE_FILE"]
                      + (["ISSUER_ENCRYPTION_KEY_FILE"] + vc_keys if campaigns else [])}.get(command, [])
            if command == "worker":
                check(campaigns or not env.get("ISSUER_ENCRYPTION_KEY_FILE"),
                      f"{cwhere}: sets ISSUER_ENCRYPTION_KEY_FILE but not ISSUER_VC_ISSUER, so it runs no campaigns")
            for variable in needed:
                value = env.get(variable)
                if not check(bool(value), f"{cwhere}: {variable} is not set"):
                    continue
                for path in value.split(","):
                    path = path.strip()
                    if path == "-":  # ISSUER_VC_KEY_FILES: a retired key whose file is gone
                        continue
                    hits = [(mp, v) for mp, v in mounts if path.startswith(mp)]
                    if check(bool(hits), f"{cwhere}: {variable} names {path}, which no volume is mounted over"):
                        mp, v = hits[0]
                        secret = v.get("secret", {}).get("secretName")
                        if secret is not None:
                            check(path[len(mp):] in secrets.get(secret, set()),
                                  f"{cwhere}: {path} would be key {path[len(mp):]} of Secret {secret}, which secret.example.yaml does not have")
            if command in ("serve", "worker"):
                check(bool(env.get("ISSUER_DATABASE_URL", "").startswith("<secret")), f"{cwhere}: ISSUER_DATABASE_URL must come from a Secret")
            if command == "migrate":
                check(env.get("ISSUER_DATABASE_URL") == "<secret idos-issuer-database/owner-url>",
                      f"{cwhere}: migrate must connect as the owner (Secret idos-issuer-database key owner-url)")

    check(len(images) == 1, f"deploy/k8s: the Deployments and the Job name different images: {sorted(map(str, images))}")
    for image in images:
        check(image is not None and ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"),
              f"deploy/k8s: image {image} needs a release tag (not latest)")

    # The API: serve --no-worker, probed on the routes PublicController registers.
    public = "\n".join(t for p, t in texts.items() if p.name == "PublicController.swift")
    for name, d in by_kind.get("Deployment", []):
        c = d["spec"]["template"]["spec"]["containers"][0]
        if d["metadata"]["labels"].get("app.kubernetes.io/component") == "api":
            check(c.get("args") == ["serve", "--no-worker"], f"deploy/k8s/{name}: the API runs `serve --no-worker`, not {c.get('args')}")
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                got = c.get(probe, {}).get("httpGet", {}).get("path")
                check(got == path, f"deploy/k8s/{name}: {probe} must GET {path}, got {got}")
                check(f'router.get("{path}")' in public, f"deploy/k8s/{name}: PublicController registers no GET {path}")
        component = d["metadata"]["labels"].get("app.kubernetes.io/component")
        if component in ("worker", "campaign-worker"):
            check((c.get("args") or [""])[0] == "worker", f"deploy/k8s/{name}: the workers run `worker`")
        # Least privilege: the general workers, however many, hold no encryption key; one small Deployment does.
        pod = d["spec"]["template"]["spec"]
        secrets_mounted = {v.get("secret", {}).get("secretName") for v in pod.get("volumes", [])}
        has_key_variable = any(e.get("name") == "ISSUER_ENCRYPTION_KEY_FILE" for e in c.get("env", [])) or any(
            "ISSUER_ENCRYPTION_KEY_FILE" in configmap.get(s.get("configMapRef", {}).get("name"), {}) for s in c.get("envFrom", []))
        if component == "worker":
            check(ENCRYPTION_KEY_SECRET not in secrets_mounted and not has_key_variable,
                  f"deploy/k8s/{name}: the general workers must not have the encryption key (Secret {ENCRYPTION_KEY_SECRET} "
                  "or ISSUER_ENCRYPTION_KEY_FILE): campaigns run in the campaign-worker Deployment")
        if component == "campaign-worker":
            check(f"deploy/k8s/{name}" in campaign_runners,
                  f"deploy/k8s/{name}: the campaign worker needs ISSUER_ENCRYPTION_KEY_FILE and ISSUER_VC_ISSUER to run campaigns")
    check(bool(campaign_runners), "deploy/k8s: no Deployment runs re-issuance campaigns (a `worker` with ISSUER_ENCRYPTION_KEY_FILE "
          "and ISSUER_VC_ISSUER, or `serve` without --no-worker)")

    # Selectors: Services and PodDisruptionBudgets select pods that some Deployment makes.
    pod_labels = [d["spec"]["template"]["metadata"]["labels"] for _, d in by_kind.get("Deployment", [])]
    def selects(selector):
        return any(all(labels.get(k) == v for k, v in selector.items()) for labels in pod_labels)
    for name, d in by_kind.get("Service", []):
        check(selects(d["spec"]["selector"]), f"deploy/k8s/{name}: Service {d['metadata']['name']} selects no Deployment's pods")
    for name, d in by_kind.get("PodDisruptionBudget", []):
        check(selects(d["spec"]["selector"]["matchLabels"]), f"deploy/k8s/{name}: PDB {d['metadata']['name']} selects no Deployment's pods")
    components = {d["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/component") for _, d in by_kind.get("PodDisruptionBudget", [])}
    check({"api", "worker", "campaign-worker"} <= components,
          f"deploy/k8s/pdb.yaml: needs a PodDisruptionBudget for the api, the worker and the campaign-worker, has {sorted(map(str, components))}")


# ---------------------------------------------------------------------------------------------------------------
# systemd.

REQUIRED_SANDBOX = {
    "DynamicUser": "yes", "ProtectSystem": "strict", "NoNewPrivileges": "yes", "ProtectHome": "yes",
    "PrivateTmp": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "SystemCallFilter": "@system-service",
}


def parse_unit(path):
    sections, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif current is not None and "=" in line:
            key, value = line.split("=", 1)
            current.append((key.strip(), value.strip()))
    return sections


def env_file(path):
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def systemd(deploy, sources):
    units = sorted((deploy / "systemd").glob("*.service"))
    names = {u.name for u in units}
    check({"idos-issuer-serve.service", "idos-issuer-worker.service", "idos-issuer-campaign-worker.service",
           "idos-issuer-migrate.service"} <= names,
          f"deploy/systemd: expected the serve, worker, campaign-worker and migrate units, found {sorted(names)}")
    # The units' shared settings (issuer.env): ISSUER_VC_ISSUER is there, not in the units.
    shared = env_file(deploy / "systemd" / "idos-issuer.env.example")
    check(not shared.get("ISSUER_ENCRYPTION_KEY_FILE"),
          "deploy/systemd/idos-issuer.env.example: ISSUER_ENCRYPTION_KEY_FILE belongs in the units that load the key")
    campaign_units, metrics_listeners = [], {}
    for unit in units:
        where = f"deploy/systemd/{unit.name}"
        sections = parse_unit(unit)
        service = sections.get("Service", [])
        values = {}
        for key, value in service:
            values.setdefault(key, []).append(value)
        for key, want in REQUIRED_SANDBOX.items():
            check(want in values.get(key, []), f"{where}: needs {key}={want}")
        execs = values.get("ExecStart", [])
        if not check(len(execs) == 1, f"{where}: needs one ExecStart"):
            continue
        argv = execs[0].split()
        if not check(argv[0] == "/usr/local/bin/idos-issuer", f"{where}: ExecStart must run /usr/local/bin/idos-issuer"):
            continue
        check_command_line(sources, where, argv[1:])
        credentials = {v.split(":", 1)[0] for v in values.get("LoadCredential", [])}
        for env in values.get("Environment", []):
            name, _, value = env.partition("=")
            for cred in re.findall(r"%d/([\w.-]+)", value):
                check(cred in credentials, f"{where}: {name} names credential {cred}, which no LoadCredential= loads")
        if argv[1] in ("serve", "worker"):
            requires = " ".join(v for k, v in sections.get("Unit", []) if k == "Requires")
            after = " ".join(v for k, v in sections.get("Unit", []) if k == "After")
            check("idos-issuer-migrate.service" in requires and "idos-issuer-migrate.service" in after,
                  f"{where}: must Require= and come After= idos-issuer-migrate.service")
            check(values.get("Restart") == ["on-failure"], f"{where}: needs Restart=on-failure")
            check(values.get("KillSignal") == ["SIGTERM"], f"{where}: needs KillSignal=SIGTERM (the drain signal)")
            check(bool(values.get("TimeoutStopSec")), f"{where}: needs a TimeoutStopSec= long enough to drain")
            set_vars = dict(e.split("=", 1) for e in values.get("Environment", []) if "=" in e)
            env = dict(shared, **set_vars)
            campaigns = runs_campaigns(argv[1:], env)
            if campaigns:
                campaign_units.append(unit.name)
            general_worker = argv[1] == "worker" and "campaign" not in unit.name
            wanted = ["ISSUER_SIGNING_KEY_FILES", "ISSUER_KEY_PASSPHRASE_FILE"] + (["ISSUER_ENCRYPTION_KEY_FILE"] if not general_worker else [])
            for variable in wanted:
                check(variable in set_vars, f"{where}: {variable} must be set to its credential (%d/…)")
            if argv[1] == "worker":
                loads_key = any(v.split(":", 1)[0] == "encryption-key" or v.endswith("encryption.key") for v in values.get("LoadCredential", []))
                if general_worker:
                    check(not loads_key and "ISSUER_ENCRYPTION_KEY_FILE" not in set_vars,
                          f"{where}: the general worker unit must not have the encryption key: campaigns run in "
                          "idos-issuer-campaign-worker.service")
                else:
                    check(campaigns, f"{where}: the campaign worker needs ISSUER_ENCRYPTION_KEY_FILE and ISSUER_VC_ISSUER (issuer.env)")
                listen = argv[argv.index("--metrics-listen") + 1] if "--metrics-listen" in argv[:-1] else shared.get("ISSUER_METRICS_LISTEN")
                if listen:
                    check(listen not in metrics_listeners,
                          f"{where}: shares the metrics listener {listen} with {metrics_listeners.get(listen)} (one process per listener)")
                    metrics_listeners.setdefault(listen, unit.name)
        if argv[1] == "serve":
            check(argv[2:] == ["--no-worker"], f"{where}: the API unit runs `serve --no-worker`")
    check(bool(campaign_units), "deploy/systemd: no unit runs re-issuance campaigns (a `worker` with ISSUER_ENCRYPTION_KEY_FILE and "
          "ISSUER_VC_ISSUER, or `serve` without --no-worker)")


def variables(deploy, texts):
    known = known_variables(texts)
    files = [p for sub in ("k8s", "systemd", "container") for p in sorted((deploy / sub).glob("*")) if p.is_file()]
    files.append(deploy / "README.md")
    for path in files:
        for variable in sorted(set(re.findall(r"\bISSUER_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))):
            check(variable in known, f"{path.relative_to(deploy.parent)}: {variable} is not a variable the code reads")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    deploy, sources = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    texts = source_texts(sources)
    container = containerfile(deploy)
    kubernetes(deploy, sources, texts, container)
    systemd(deploy, sources)
    variables(deploy, texts)
    for f in failures:
        print(f"FAIL {f}")
    print(f"policy: {checks - len(failures)} of {checks} rules hold")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
