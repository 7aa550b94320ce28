import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import * as argon2 from 'argon2';

@Injectable()
export class UsersService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async register(email: string, password: string) {
    const hash = await argon2.hash(password);
    const { insertedId } = await this.connection.collection('users').insertOne({ email, hash, createdAt: new Date() });
    return { id: insertedId.toString() };
  }

  async verify(email: string, password: string) {
    const user = await this.connection.collection('users').findOne({ email });
    if (!user || !(await argon2.verify(user.hash, password))) throw new UnauthorizedException();
    return { id: user._id.toString() };
  }
}
