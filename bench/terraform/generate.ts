// A generated Terraform monorepo for the benchmark: shared modules (VPC, service, IAM, buckets, DNS) written
// for this benchmark in the shape real infrastructure repositories have, and many stacks calling them through
// local sources, with variables, outputs, backends, tfvars, a terragrunt corner and an atlantis.yaml listing
// every stack. Deterministic: the same options give the same files.
import { execFileSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

const MODULE_KINDS = ['network', 'service', 'iam-role', 'bucket', 'dns-zone'] as const;
type ModuleKind = (typeof MODULE_KINDS)[number];

function moduleFiles(kind: ModuleKind, n: number): Record<string, string> {
  const tags = `  tags = merge(var.tags, {\n    Module = "${kind}-${n}"\n    Name   = "\${var.name}-${kind}"\n  })\n`;
  const body: Record<ModuleKind, string> = {
    network: `resource "aws_vpc" "this" {\n  cidr_block           = var.cidr_block\n  enable_dns_support   = true\n  enable_dns_hostnames = true\n${tags}}\n\nresource "aws_subnet" "private" {\n  count             = length(var.availability_zones)\n  vpc_id            = aws_vpc.this.id\n  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index)\n  availability_zone = var.availability_zones[count.index]\n${tags}}\n\nresource "aws_route_table" "private" {\n  vpc_id = aws_vpc.this.id\n  dynamic "route" {\n    for_each = var.routes\n    content {\n      cidr_block = route.value.cidr\n      gateway_id = route.value.gateway\n    }\n  }\n}\n\ndata "aws_region" "current" {}\n`,
    service: `resource "aws_ecs_task_definition" "this" {\n  family                   = var.name\n  requires_compatibilities = ["FARGATE"]\n  cpu                      = var.cpu\n  memory                   = var.memory\n  container_definitions = jsonencode([{\n    name      = var.name\n    image     = "\${var.image}:\${var.image_tag}"\n    essential = true\n    portMappings = [{ containerPort = var.port, protocol = "tcp" }]\n    environment = [for k, v in var.env : { name = k, value = v }]\n  }])\n}\n\nresource "aws_ecs_service" "this" {\n  name            = var.name\n  cluster         = var.cluster_arn\n  task_definition = aws_ecs_task_definition.this.arn\n  desired_count   = var.replicas\n  network_configuration {\n    subnets         = var.subnet_ids\n    security_groups = [aws_security_group.this.id]\n  }\n}\n\nresource "aws_security_group" "this" {\n  name_prefix = "\${var.name}-"\n  vpc_id      = var.vpc_id\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n${tags}}\n`,
    'iam-role': `data "aws_iam_policy_document" "assume" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = [var.service]\n    }\n  }\n}\n\nresource "aws_iam_role" "this" {\n  name               = var.name\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n${tags}}\n\nresource "aws_iam_role_policy_attachment" "this" {\n  for_each   = toset(var.policy_arns)\n  role       = aws_iam_role.this.name\n  policy_arn = each.value\n}\n`,
    bucket: `resource "aws_s3_bucket" "this" {\n  bucket = "\${var.name}-\${data.aws_caller_identity.current.account_id}"\n${tags}}\n\nresource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = var.versioning ? "Enabled" : "Suspended"\n  }\n}\n\nresource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    expiration {\n      days = var.expire_days\n    }\n  }\n}\n\ndata "aws_caller_identity" "current" {}\n`,
    'dns-zone': `resource "aws_route53_zone" "this" {\n  name    = var.domain\n  comment = "Managed by Terraform (\${var.name})"\n${tags}}\n\nresource "aws_route53_record" "this" {\n  for_each = var.records\n  zone_id  = aws_route53_zone.this.zone_id\n  name     = each.key\n  type     = each.value.type\n  ttl      = 300\n  records  = each.value.values\n}\n`,
  };
  const variables = `variable "name" {\n  type        = string\n  description = "Name prefix for every resource of this module."\n}\n\nvariable "tags" {\n  type    = map(string)\n  default = {}\n}\n\nvariable "extra" {\n  type = object({\n    enabled = optional(bool, true)\n    labels  = optional(list(string), [])\n  })\n  default = {}\n}\n`;
  const outputs = `output "id" {\n  value = one(concat([for r in [${kind === 'network' ? 'aws_vpc.this' : kind === 'service' ? 'aws_ecs_service.this' : kind === 'iam-role' ? 'aws_iam_role.this' : kind === 'bucket' ? 'aws_s3_bucket.this' : 'aws_route53_zone.this'}] : r.id], []))\n}\n\noutput "name" {\n  value = var.name\n}\n`;
  const versions = `terraform {\n  required_version = ">= 1.5.0"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.${n % 60}"\n    }\n  }\n}\n`;
  return { 'main.tf': `# ${kind} module ${n}\n${body[kind]}`, 'variables.tf': variables, 'outputs.tf': outputs, 'versions.tf': versions };
}

function stackFiles(i: number, modules: string[]): Record<string, string> {
  const env = ['dev', 'staging', 'prod'][i % 3];
  const calls = [0, 1, 2].map((k) => modules[(i * 7 + k * 13) % modules.length]);
  const moduleBlocks = calls
    .map((m, k) => `module "${path.basename(m)}_${k}" {\n  source = "../../../${m}"\n  name   = "stack-${i}-${k}"\n  tags = {\n    Environment = "${env}"\n    Stack       = "stack-${i}"\n  }\n}\n`)
    .join('\n');
  const backend = i % 10 === 0 ? `  cloud {\n    organization = "acme"\n    workspaces {\n      name = "stack-${i}-${env}"\n    }\n  }\n` : `  backend "s3" {\n    bucket         = "acme-terraform-state"\n    key            = "stacks/${i}/terraform.tfstate"\n    region         = "eu-west-1"\n    dynamodb_table = "terraform-locks"\n  }\n`;
  return {
    'main.tf': `terraform {\n${backend}}\n\nprovider "aws" {\n  region = var.region\n  default_tags {\n    tags = { Owner = "platform" }\n  }\n}\n\n${moduleBlocks}\nlocals {\n  name = "stack-${i}"\n  azs  = slice(data.aws_availability_zones.available.names, 0, 3)\n}\n\ndata "aws_availability_zones" "available" {\n  state = "available"\n}\n`,
    'variables.tf': `variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n\nvariable "replicas" {\n  type    = number\n  default = ${1 + (i % 4)}\n  validation {\n    condition     = var.replicas > 0\n    error_message = "At least one replica."\n  }\n}\n`,
    'outputs.tf': `output "summary" {\n  value = {\n    name = local.name\n    azs  = local.azs\n  }\n}\n`,
    [`${env}.tfvars`]: `region   = "eu-west-1"\nreplicas = ${2 + (i % 3)}\n`,
  };
}

export interface GeneratedRepo {
  dir: string;
  files: number;
  bytes: number;
  stacks: string[];
  /** A module file every stack calling that module depends on (for the autoplan benchmark). */
  moduleFile: string;
}

/** Writes about `targetFiles` files under `dir` and commits them in a fresh git repository. */
export async function generateMonorepo(dir: string, targetFiles = 2000): Promise<GeneratedRepo> {
  const files: Record<string, string> = {};
  const modules: string[] = [];
  const moduleCount = Math.max(5, Math.round(targetFiles / 10 / 4));
  for (let n = 0; n < moduleCount; n++) {
    const kind = MODULE_KINDS[n % MODULE_KINDS.length];
    const m = `modules/${kind}-${n}`;
    modules.push(m);
    for (const [f, text] of Object.entries(moduleFiles(kind, n))) files[`${m}/${f}`] = text;
  }
  const stacks: string[] = [];
  for (let i = 0; Object.keys(files).length < targetFiles - 4; i++) {
    const s = `stacks/team-${i % 12}/stack-${i}`;
    stacks.push(s);
    for (const [f, text] of Object.entries(stackFiles(i, modules))) files[`${s}/${f}`] = text;
  }
  files['live/dev/app/terragrunt.hcl'] = `include "root" {\n  path = find_in_parent_folders()\n}\n\nterraform {\n  source = "../../../${modules[1]}"\n}\n\ndependency "vpc" {\n  config_path = "../vpc"\n}\n`;
  files['live/dev/vpc/terragrunt.hcl'] = `terraform {\n  source = "../../../${modules[0]}"\n}\n`;
  files['atlantis.yaml'] = `version: 3\nparallel_plan: true\nprojects:\n${stacks.map((s) => `  - name: ${path.basename(s)}\n    dir: ${s}\n    autoplan:\n      when_modified: ["*.tf", "*.tfvars"]\n`).join('')}`;
  let bytes = 0;
  for (const [rel, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fsp.writeFile(path.join(dir, rel), text);
    bytes += Buffer.byteLength(text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@reconcile.invalid', 'add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@reconcile.invalid', 'commit', '-q', '-m', 'generated monorepo');
  return { dir, files: Object.keys(files).length, bytes, stacks, moduleFile: `${modules[2]}/main.tf` };
}
