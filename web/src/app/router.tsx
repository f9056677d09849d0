import { createBrowserRouter, Navigate } from 'react-router';
import { NewOrgPage } from '../features/admin/NewOrgPage';
import { NewUserPage } from '../features/admin/NewUserPage';
import { OrgsPage } from '../features/admin/OrgsPage';
import { UsersPage } from '../features/admin/UsersPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { HomePage } from '../features/home/HomePage';
import { Layout } from '../features/shell/Layout';
import { NotFoundPage } from '../features/shell/NotFoundPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'admin',
        element: <RequireRole role="admin" />,
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'users/new', element: <NewUserPage /> },
          { path: 'orgs', element: <OrgsPage /> },
          { path: 'orgs/new', element: <NewOrgPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
