// Documents shaped like the ones in widely used public repositories that the validator used to get wrong
// (issue 12, section 3): kube-prometheus's typed lists and alert rules with `{{ }}` in their annotations, an
// Argo CD ApplicationSet with Go-template names, and a kustomization naming a patch file as a string. Each
// carries one planted mistake, so a test can tell "validated" from "skipped".

/** kube-prometheus `prometheus-roleBindingSpecificNamespaces.yaml`: a RoleBindingList, one item per namespace. */
export const ROLE_BINDING_LIST = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBindingList
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata:
    labels:
      app.kubernetes.io/component: prometheus
      app.kubernetes.io/name: prometheus
      app.kubernetes.io/part-of: kube-prometheus
    name: prometheus-k8s
    namespace: default
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role
    name: prometheus-k8s
  subjects:
  - kind: ServiceAccount
    name: prometheus-k8s
    namespace: monitoring
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata:
    labels:
      app.kubernetes.io/component: prometheus
      app.kubernetes.io/name: prometheus
      app.kubernetes.io/part-of: kube-prometheus
    name: prometheus-k8s
    namespace: kube-system
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role
    name: prometheus-k8s
  subjects:
  - kind: ServiceAccount
    name: prometheus-k8s
    namespace: monitoring
`;

/**
 * kube-prometheus `grafana-dashboardDefinitions.yaml`: a ConfigMapList of dashboards (whose JSON is full of
 * `{{container}}` legend templates). Planted: an unquoted version label (line 26) that YAML reads as a number.
 */
export const DASHBOARD_CONFIGMAP_LIST = `apiVersion: v1
kind: ConfigMapList
items:
- apiVersion: v1
  data:
    k8s-resources-pod.json: |-
      {
          "panels": [
              {
                  "targets": [
                      {
                          "expr": "sum(container_memory_working_set_bytes{namespace=\\"$namespace\\", pod=\\"$pod\\"}) by (container)",
                          "legendFormat": "{{container}}"
                      }
                  ],
                  "title": "Memory Usage (WSS)"
              }
          ],
          "title": "Kubernetes / Compute Resources / Pod"
      }
  kind: ConfigMap
  metadata:
    labels:
      app.kubernetes.io/component: grafana
      app.kubernetes.io/name: grafana
      app.kubernetes.io/version: 10.4
    name: grafana-dashboard-k8s-resources-pod
    namespace: monitoring
- apiVersion: v1
  data:
    node-exporter.json: |-
      {"title": "Node Exporter / Nodes", "panels": [{"targets": [{"legendFormat": "{{instance}} {{device}}"}]}]}
  kind: ConfigMap
  metadata:
    labels:
      app.kubernetes.io/component: grafana
      app.kubernetes.io/name: grafana
    name: grafana-dashboard-node-exporter
    namespace: monitoring
`;

/**
 * kube-prometheus `kubeStateMetrics-prometheusRule.yaml`, alerts with `{{ $labels }}` / `{{ $value }}` in their
 * annotations. Planted: `severity` written beside `labels` instead of under it (line 35).
 */
export const PROMETHEUS_RULE = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    app.kubernetes.io/component: exporter
    app.kubernetes.io/name: kube-state-metrics
    prometheus: k8s
    role: alert-rules
  name: kube-state-metrics-rules
  namespace: monitoring
spec:
  groups:
  - name: kube-state-metrics
    rules:
    - alert: KubeStateMetricsListErrors
      annotations:
        description: kube-state-metrics is experiencing errors at an elevated rate in list operations. This is likely causing it to not be able to expose metrics about Kubernetes objects correctly or at all.
        runbook_url: https://runbooks.prometheus-operator.dev/runbooks/kube-state-metrics/kubestatemetricslisterrors
        summary: kube-state-metrics is experiencing errors in list operations.
      expr: |
        (sum(rate(kube_state_metrics_list_total{job="kube-state-metrics",result="error"}[5m])) by (cluster)
          /
        sum(rate(kube_state_metrics_list_total{job="kube-state-metrics"}[5m])) by (cluster))
        > 0.01
      for: 15m
      labels:
        severity: critical
    - alert: KubeStateMetricsShardingMismatch
      annotations:
        description: kube-state-metrics pods {{ $labels.pod }} in namespace {{ $labels.namespace }} are running with different --total-shards configuration ({{ $value }}).
        summary: "kube-state-metrics sharding is misconfigured: {{ $value | humanizePercentage }}."
      expr: |
        stdvar (kube_state_metrics_total_shards{job="kube-state-metrics"}) by (cluster) != 0
      for: 15m
      severity: critical
`;

/** Argo CD's git-directory generator example with `goTemplate`. Planted: `selfHeal: "true"` quoted (line 23). */
export const APPLICATION_SET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: cluster-addons
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      directories:
      - path: applicationset/examples/git-generator-directory/cluster-addons/*
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: "my-project"
      syncPolicy:
        automated:
          prune: true
          selfHeal: "true"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.path.basename}}'
`;

/** kubernetes/examples vitess style: placeholders YAML reads as mappings (`replicas: {{replicas}}`). */
export const PLACEHOLDER_TEMPLATE = `kind: ReplicationController
apiVersion: v1
metadata:
  name: vtgate
spec:
  replicas: {{replicas}}
  template:
    metadata:
      labels:
        component: vtgate
        app: vitess
    spec:
      containers:
        - name: vtgate
          image: vitess/lite:v2.0.0
`;

/** A Go template outside any chart: `{{ .Name }}-svc` is not YAML until filled in (line 4). */
export const UNPARSABLE_TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Name }}-svc
spec:
  selector:
    app: {{ .Name }}
  ports:
  - port: 80
`;

/** `patches:` given a file name: kustomize fails to decode it (line 6). */
export const OVERLAY_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- replicas.yaml
- path: resources.yaml
`;

export const BASE_KUSTOMIZATION = 'resources:\n- deployment.yaml\n';

export const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  selector:
    matchLabels:
      app: podinfo
  template:
    metadata:
      labels:
        app: podinfo
    spec:
      containers:
      - name: podinfo
        image: ghcr.io/stefanprodan/podinfo:6.7.1
`;

/** Partial Deployments, as patches are. */
export const REPLICAS_PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\nspec:\n  replicas: 3\n';
export const RESOURCES_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  template:
    spec:
      containers:
      - name: podinfo
        resources:
          limits:
            memory: 512Mi
`;

/** The whole set as one repository. */
export const REAL_REPOSITORY: Record<string, string> = {
  'monitoring/prometheus-roleBindingSpecificNamespaces.yaml': ROLE_BINDING_LIST,
  'monitoring/grafana-dashboardDefinitions.yaml': DASHBOARD_CONFIGMAP_LIST,
  'monitoring/kubeStateMetrics-prometheusRule.yaml': PROMETHEUS_RULE,
  'argocd/cluster-addons.yaml': APPLICATION_SET,
  'legacy/vtgate-controller-template.yaml': PLACEHOLDER_TEMPLATE,
  'legacy/service-template.yaml': UNPARSABLE_TEMPLATE,
  'apps/base/kustomization.yaml': BASE_KUSTOMIZATION,
  'apps/base/deployment.yaml': BASE_DEPLOYMENT,
  'apps/overlays/prod/kustomization.yaml': OVERLAY_KUSTOMIZATION,
  'apps/overlays/prod/replicas.yaml': REPLICAS_PATCH,
  'apps/overlays/prod/resources.yaml': RESOURCES_PATCH,
};

/** What `reconcile validate` reports on REAL_REPOSITORY: `file:line code`, 1-based. */
export const EXPECTED_FINDINGS = [
  'apps/overlays/prod/kustomization.yaml:6 RC1406',
  'argocd/cluster-addons.yaml:23 RC1101',
  'legacy/service-template.yaml:4 RC1002',
  'legacy/vtgate-controller-template.yaml:1 RC1002',
  'monitoring/grafana-dashboardDefinitions.yaml:26 RC1101',
  'monitoring/kubeStateMetrics-prometheusRule.yaml:35 RC1102',
];
