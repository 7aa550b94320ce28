import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import * as bcrypt from 'bcrypt';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwtService: JwtService,
  ) {}

  async signIn(email: string, password: string) {
    const [user] = await this.dataSource.query('SELECT id, password_hash FROM users WHERE email = $1', [email]);
    if (!user || !(await bcrypt.compare(password, user.password_hash))) {
      throw new UnauthorizedException();
    }
    return { access_token: await this.jwtService.signAsync({ sub: user.id }) };
  }
}
