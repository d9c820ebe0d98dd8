// How long a pull-request description or comment may be on each forge, in characters. The plan body is cut
// at object boundaries to stay under these, with the rest posted as follow-up comments.
//  - GitHub: 65,536 ("Body is too long (maximum is 65536 characters)", the 422 its REST API answers).
//  - Bitbucket Server/Data Center: 32,768 characters per description or comment; Bitbucket Cloud is
//    more generous, the lower figure keeps both working.
//  - GitLab: 1,000,000 characters for merge request descriptions and notes (its API documents it).
//  - Gitea/Forgejo: no cap in the application: CreatePullRequestOption.Body and CreateIssueCommentOption.Body
//    carry no size binding (modules/structs in go-gitea/gitea) and Issue.Content / Comment.Content are
//    xorm LONGTEXT columns (models/issues); the database and the reverse proxy's request size are the
//    only limits. 1,000,000 keeps a body readable and far under any of those.
import { ForgeKind } from './detect';

export const FORGE_BODY_CAPS: Record<ForgeKind, number> = {
  github: 65_536,
  bitbucket: 32_768,
  gitlab: 1_000_000,
  gitea: 1_000_000,
};
