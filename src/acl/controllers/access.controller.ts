import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AclAdminService } from '../acl-admin.service';
import { CurrentPrincipal, type Principal } from '../principal';
import { SignInOptionsService } from '../sign-in-options.service';

@ApiTags('access')
@Controller('acl')
export class AccessController {
  constructor(
    private readonly admin: AclAdminService,
    private readonly signIn: SignInOptionsService,
  ) {}

  @Get('sign-in-options')
  @ApiOperation({
    summary: 'How to sign in (public)',
    description: "For the web UI's sign-in page: whether authentication is on, and the identity provider's endpoints and client id when AUTH_OIDC_UI_CLIENT_ID is set.",
  })
  signInOptions() {
    return this.signIn.options();
  }

  @Get('whoami')
  @ApiOperation({ summary: 'Who the request acts as, and its role bindings' })
  whoami(@CurrentPrincipal() who: Principal) {
    return this.admin.whoami(who);
  }

  @Get('roles')
  @ApiOperation({ summary: 'The roles and the actions each allows' })
  roles() {
    return this.admin.roles();
  }
}
