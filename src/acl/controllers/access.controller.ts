import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AclAdminService } from '../acl-admin.service';
import { CurrentPrincipal, type Principal } from '../principal';

@ApiTags('access')
@Controller('acl')
export class AccessController {
  constructor(private readonly admin: AclAdminService) {}

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
